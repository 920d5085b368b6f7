// chitieu reporting cycle page (/app): sign in, then by role
//   - the clerk: the unit's periods with their deadlines, the upload of a
//     report, its receipt (printable alone), the history of versions with
//     their receipts, outcomes and files, and the review state and reason;
//   - the reviewer: per period the completeness and timeliness, the units
//     table, a version's findings, the changes from the version before,
//     approve, return or unapprove, the consolidated workbook;
//   - the admin: the same board, and periods, accounts, units,
//     departments and the audit log.
//
// The page signs in with the session cookie (HttpOnly, SameSite=Strict)
// that POST /api/v1/sessions sets; every POST and DELETE carries the
// session's CSRF token, kept in sessionStorage, in X-CSRF-Token. On load
// GET /api/v1/me says whether the cookie still holds; without the CSRF
// token (a new tab, storage cleared) the page asks to sign in again, since
// it could change nothing. Downloads are plain links: the cookie goes with
// them. Every text from the server is inserted with textContent.
"use strict";

const $ = (id) => document.getElementById(id);

const count = (n, one, many) => n + " " + (Number(n) === 1 ? one : many);

const TEXTS = {
  vi: {
    "title": "Nộp và duyệt báo cáo — chitieu",
    "heading": "Nộp và duyệt báo cáo định kỳ",
    "nav.check": "Kiểm tra nhanh một tệp",
    "signout": "Đăng xuất",
    "who": (a) => a.login + " — " + a.role,
    "role.clerk": "Cán bộ đơn vị (nộp báo cáo)",
    "role.reviewer": "Cán bộ duyệt báo cáo của sở, ngành",
    "role.admin": "Quản trị",
    "role.short.clerk": "cán bộ đơn vị",
    "role.short.reviewer": "cán bộ duyệt",
    "role.short.admin": "quản trị",
    "signin.title": "Đăng nhập",
    "signin.login": "Tên đăng nhập",
    "signin.password": "Mật khẩu",
    "signin.submit": "Đăng nhập",
    "signin.busy": "Đang đăng nhập…",
    "signin.failed": "Không đăng nhập được",
    "signin.locked": "Tạm khóa đăng nhập",
    "signin.empty": "Hãy nhập tên đăng nhập và mật khẩu.",
    "notice.signedout": "Đã đăng xuất.",
    "notice.relogin": "Trang đã được mở lại nên cần đăng nhập lại để tiếp tục làm việc.",
    "notice.expired": (a) => "Phiên làm việc đã hết hoặc không còn hợp lệ (" + a.message + "). Vui lòng đăng nhập lại.",
    "error.network": "Không kết nối được tới máy chủ. Hãy kiểm tra mạng rồi thử lại.",
    "error.status": (a) => "Máy chủ trả lỗi " + a.status + ".",
    "error.retry": (a) => " (thử lại sau " + a.seconds + " giây)",
    "error.load": (a) => "Không tải được dữ liệu: " + a.message,
    "tabs.label": "Quản trị",
    "tab.board": "Tình hình nộp",
    "tab.periods": "Kỳ báo cáo",
    "tab.users": "Tài khoản",
    "tab.units": "Đơn vị",
    "tab.departments": "Sở, ngành",
    "tab.audit": "Nhật ký",
    "period.name": (a) => a.title + " năm " + a.year,
    "period.deadline": (a) => "Hạn nộp: " + a.when,
    "period.left": (a) => " — còn " + a.days + " ngày",
    "period.today": " — hết hạn trong hôm nay",
    "period.late": " — đã quá hạn",
    "period.to": (a) => "Nơi nhận: " + a.name,
    "clerk.title": "Báo cáo của đơn vị",
    "clerk.unit": (a) => "Đơn vị: " + a.name + " (mã " + a.code + ")",
    "clerk.none": "Chưa có kỳ báo cáo nào cho đơn vị này.",
    "clerk.state": "Trạng thái: ",
    "clerk.reason.returned": "Lý do trả lại: ",
    "clerk.reason.unapproved": "Lý do hủy duyệt: ",
    "clerk.pick": "Chọn tệp báo cáo (.xlsx)",
    "clerk.nofile": "Chưa chọn tệp.",
    "clerk.chosen": (a) => "Đã chọn: " + a.name + " (" + a.kb + " KB)",
    "clerk.submit": "Nộp báo cáo",
    "clerk.resubmit": "Nộp bản mới",
    "clerk.sending": "Đang gửi và kiểm tra báo cáo…",
    "clerk.sent": (a) => "Đã nhận báo cáo, biên nhận số " + a.number + ".",
    "clerk.failed": "Không nộp được báo cáo",
    "clerk.locked": "Báo cáo đã được duyệt nên không nộp thêm bản mới được; nếu cần sửa, hãy liên hệ cán bộ duyệt để hủy duyệt.",
    "clerk.history": "Lịch sử nộp",
    "clerk.nohistory": "Đơn vị chưa nộp báo cáo kỳ này.",
    "clerk.reviews": "Lịch sử duyệt",
    "clerk.receipt": "Biên nhận",
    "state.none": "Chưa nộp",
    "state.submitted": "Đã nộp, chờ duyệt",
    "state.returned": "Bị trả lại",
    "state.approved": "Đã duyệt",
    "state.unapproved": "Đã hủy duyệt",
    "outcome.accepted": "Tiếp nhận",
    "outcome.received-with-warnings": "Tiếp nhận, có cảnh báo",
    "outcome.rejected": "Không đạt (có lỗi)",
    "outcome.rejected-technical": "Không đọc được tệp",
    "action.approve": "Duyệt",
    "action.return": "Trả lại",
    "action.unapprove": "Hủy duyệt",
    "review.line": (a) => a.when + " — " + a.action + " lần nộp " + a.n + " (" + a.by + ")" + (a.reason ? ": " + a.reason : ""),
    "receipt.title": "Biên nhận báo cáo",
    "receipt.number": "Số biên nhận",
    "receipt.time": "Thời điểm nhận",
    "receipt.unit": "Đơn vị",
    "receipt.period": "Kỳ báo cáo",
    "receipt.version": "Lần nộp",
    "receipt.file": "Tệp",
    "receipt.sha": "Mã SHA-256",
    "receipt.outcome": "Kết quả tiếp nhận",
    "receipt.counts": "Lỗi, cảnh báo",
    "receipt.countsText": (a) => a.errors + " lỗi, " + a.warnings + " cảnh báo",
    "receipt.print": "In biên nhận",
    "receipt.close": "Đóng",
    "col.n": "Lần",
    "col.number": "Số biên nhận",
    "col.code": "Mã",
    "col.unit": "Đơn vị",
    "col.state": "Trạng thái",
    "col.outcome": "Kết quả tiếp nhận",
    "col.received": "Nhận lúc",
    "col.ontime": "Đúng hạn",
    "col.versions": "Số lần nộp",
    "col.open": "Xem",
    "col.errors": "Lỗi",
    "col.warnings": "Cảnh báo",
    "col.files": "Tệp",
    "col.by": "Người nộp",
    "col.severity": "Mức độ",
    "col.cell": "Ô",
    "col.indicator": "Chỉ tiêu",
    "col.message": "Nội dung",
    "col.column": "Cột",
    "col.before": "Trước",
    "col.after": "Sau",
    "yes": "Có",
    "no": "Không",
    "open": "Xem",
    "file.original": "Tệp đã nộp",
    "file.annotated": "Tệp đã kiểm tra",
    "board.title": "Tình hình nộp báo cáo",
    "board.none": "Chưa có kỳ báo cáo nào.",
    "board.period": "Kỳ báo cáo",
    "board.submitted": "đơn vị đã nộp",
    "board.ontime": "đúng hạn",
    "board.approved": "đã duyệt",
    "board.consolidated": "Tải báo cáo tổng hợp từ các báo cáo đã duyệt (.xlsx)",
    "board.consolidated.none": "Chưa có báo cáo nào được duyệt để tổng hợp.",
    "detail.title": (a) => a.name + " (" + a.code + ")",
    "detail.version": "Lần nộp",
    "detail.option": (a) => "Lần " + a.n + " — " + a.number + " — " + a.outcome,
    "detail.file": "Tệp đã nộp",
    "detail.annotated": "Tệp đã kiểm tra",
    "detail.receipt": (a) => "Biên nhận số " + a.number + ", nhận lúc " + a.when + ", người nộp " + a.by + ", SHA-256 " + a.sha,
    "detail.findings": "Các vấn đề phát hiện",
    "detail.nofindings": "Không có vấn đề nào.",
    "detail.compare": "So sánh với lần nộp trước",
    "detail.reviews": "Lịch sử duyệt",
    "detail.noreviews": "Chưa có.",
    "changes.title": (a) => "Số liệu thay đổi từ lần nộp " + a.from + " sang lần " + a.to,
    "changes.first": "Đây là lần nộp đầu tiên; không có lần trước để so sánh.",
    "changes.none": "Không có số liệu nào thay đổi.",
    "column.last_year": "Thực hiện năm trước",
    "column.plan": "Kế hoạch",
    "column.actual": "Thực hiện",
    "severity.error": "Lỗi",
    "severity.warning": "Cảnh báo",
    "severity.info": "Thông tin",
    "review.title": "Duyệt báo cáo",
    "review.reason": "Lý do (bắt buộc khi trả lại hoặc hủy duyệt)",
    "review.approve": "Duyệt",
    "review.return": "Trả lại đơn vị",
    "review.unapprove": "Hủy duyệt",
    "review.applies": (a) => "Duyệt, trả lại hay hủy duyệt áp dụng cho cả báo cáo của đơn vị, với lần nộp mới nhất (lần " + a.n + ").",
    "review.needReason": "Hãy ghi lý do trước khi trả lại hoặc hủy duyệt.",
    "review.busy": "Đang ghi…",
    "review.done.approve": (a) => "Đã duyệt báo cáo của " + a.name + ".",
    "review.done.return": (a) => "Đã trả lại báo cáo cho " + a.name + ".",
    "review.done.unapprove": (a) => "Đã hủy duyệt báo cáo của " + a.name + ".",
    "periods.title": "Kỳ báo cáo",
    "periods.template": "Biểu mẫu",
    "periods.year": "Năm",
    "periods.deadline": "Hạn nộp",
    "periods.department": "Sở, ngành nhận báo cáo",
    "periods.units": "Mã các đơn vị phải báo cáo (cách nhau bởi dấu phẩy, khoảng trắng hoặc xuống dòng)",
    "periods.count": "Số đơn vị",
    "periods.add": "Thêm kỳ báo cáo",
    "periods.added": (a) => "Đã thêm kỳ báo cáo số " + a.id + " (" + a.n + " đơn vị).",
    "periods.choose": "— Chọn —",
    "users.title": "Tài khoản",
    "users.login": "Tên đăng nhập",
    "users.password": "Mật khẩu (ít nhất 8 ký tự)",
    "users.role": "Vai trò",
    "users.unit": "Mã đơn vị",
    "users.department": "Sở, ngành",
    "users.add": "Thêm tài khoản",
    "users.added": (a) => "Đã thêm tài khoản " + a.login + ".",
    "units.title": "Đơn vị",
    "units.code": "Mã",
    "units.name": "Tên đơn vị",
    "units.parent": "Mã đơn vị cấp trên (không bắt buộc)",
    "units.kind": "Loại (ví dụ: phong, trung-tam, co-so)",
    "units.add": "Thêm đơn vị",
    "units.added": (a) => "Đã thêm đơn vị " + a.code + " — " + a.name + ".",
    "units.search": "Tìm theo mã hoặc tên",
    "units.parent.filter": "Mã đơn vị cấp trên",
    "units.kind.filter": "Loại",
    "units.filter": "Lọc",
    "units.parent.short": "Cấp trên",
    "units.kind.short": "Loại",
    "units.count": (a) => a.shown === a.n ? a.n + " đơn vị." : "Hiển thị " + a.shown + "/" + a.n + " đơn vị; hãy lọc để thu hẹp.",
    "departments.title": "Sở, ngành nhận báo cáo",
    "departments.code": "Mã",
    "departments.name": "Tên sở, ngành",
    "departments.add": "Thêm sở, ngành",
    "departments.added": (a) => "Đã thêm " + a.name + ".",
    "audit.title": "Nhật ký hoạt động",
    "audit.csv": "Tải nhật ký (.csv)",
    "audit.at": "Thời gian",
    "audit.actor": "Người thực hiện",
    "audit.action": "Thao tác",
    "audit.object": "Đối tượng",
    "audit.detail": "Chi tiết",
    "audit.client": "Địa chỉ máy",
    "audit.filter": "Lọc",
    "audit.count": (a) => a.n + " mục, mới nhất ở trên.",
    "footer": "chitieu — báo cáo nộp tại đây được lưu lại, kèm biên nhận và lịch sử duyệt.",
  },
  en: {
    "title": "Submit and review reports — chitieu",
    "heading": "Submit and review periodic reports",
    "nav.check": "Check a file",
    "signout": "Sign out",
    "who": (a) => a.login + " — " + a.role,
    "role.clerk": "Unit clerk (submits reports)",
    "role.reviewer": "Reviewer of a department",
    "role.admin": "Administrator",
    "role.short.clerk": "unit clerk",
    "role.short.reviewer": "reviewer",
    "role.short.admin": "administrator",
    "signin.title": "Sign in",
    "signin.login": "Login",
    "signin.password": "Password",
    "signin.submit": "Sign in",
    "signin.busy": "Signing in…",
    "signin.failed": "Could not sign in",
    "signin.locked": "Sign-in locked for now",
    "signin.empty": "Please type the login and the password.",
    "notice.signedout": "Signed out.",
    "notice.relogin": "The page was opened again, so please sign in again to go on working.",
    "notice.expired": (a) => "The session has ended or is no longer valid (" + a.message + "). Please sign in again.",
    "error.network": "The server cannot be reached. Check the network and try again.",
    "error.status": (a) => "The server answered with error " + a.status + ".",
    "error.retry": (a) => " (try again in " + a.seconds + " seconds)",
    "error.load": (a) => "Could not load the data: " + a.message,
    "tabs.label": "Administration",
    "tab.board": "Progress",
    "tab.periods": "Periods",
    "tab.users": "Accounts",
    "tab.units": "Units",
    "tab.departments": "Departments",
    "tab.audit": "Audit log",
    "period.name": (a) => a.title + ", " + a.year,
    "period.deadline": (a) => "Deadline: " + a.when,
    "period.left": (a) => " — " + count(a.days, "day", "days") + " left",
    "period.today": " — due today",
    "period.late": " — past the deadline",
    "period.to": (a) => "Sent to: " + a.name,
    "clerk.title": "The unit's reports",
    "clerk.unit": (a) => "Unit: " + a.name + " (code " + a.code + ")",
    "clerk.none": "No reporting period expects this unit yet.",
    "clerk.state": "State: ",
    "clerk.reason.returned": "Returned because: ",
    "clerk.reason.unapproved": "Approval withdrawn because: ",
    "clerk.pick": "Choose the report file (.xlsx)",
    "clerk.nofile": "No file chosen.",
    "clerk.chosen": (a) => "Chosen: " + a.name + " (" + a.kb + " KB)",
    "clerk.submit": "Submit the report",
    "clerk.resubmit": "Submit a new version",
    "clerk.sending": "Sending and checking the report…",
    "clerk.sent": (a) => "Report received, receipt " + a.number + ".",
    "clerk.failed": "The report could not be submitted",
    "clerk.locked": "The report is approved, so no new version can be sent; to change it, ask the reviewer to withdraw the approval.",
    "clerk.history": "Submission history",
    "clerk.nohistory": "The unit has not submitted for this period.",
    "clerk.reviews": "Review history",
    "clerk.receipt": "Receipt",
    "state.none": "Not submitted",
    "state.submitted": "Submitted, awaiting review",
    "state.returned": "Returned",
    "state.approved": "Approved",
    "state.unapproved": "Approval withdrawn",
    "outcome.accepted": "Accepted",
    "outcome.received-with-warnings": "Received with warnings",
    "outcome.rejected": "Rejected (errors)",
    "outcome.rejected-technical": "File unreadable",
    "action.approve": "Approved",
    "action.return": "Returned",
    "action.unapprove": "Approval withdrawn",
    "review.line": (a) => a.when + " — " + a.action + ", version " + a.n + " (" + a.by + ")" + (a.reason ? ": " + a.reason : ""),
    "receipt.title": "Receipt of the report",
    "receipt.number": "Receipt number",
    "receipt.time": "Received at",
    "receipt.unit": "Unit",
    "receipt.period": "Period",
    "receipt.version": "Version",
    "receipt.file": "File",
    "receipt.sha": "SHA-256",
    "receipt.outcome": "Outcome",
    "receipt.counts": "Errors, warnings",
    "receipt.countsText": (a) => count(a.errors, "error", "errors") + ", " + count(a.warnings, "warning", "warnings"),
    "receipt.print": "Print the receipt",
    "receipt.close": "Close",
    "col.n": "Version",
    "col.number": "Receipt",
    "col.code": "Code",
    "col.unit": "Unit",
    "col.state": "State",
    "col.outcome": "Outcome",
    "col.received": "Received",
    "col.ontime": "On time",
    "col.versions": "Versions",
    "col.open": "Open",
    "col.errors": "Errors",
    "col.warnings": "Warnings",
    "col.files": "Files",
    "col.by": "Sent by",
    "col.severity": "Severity",
    "col.cell": "Cell",
    "col.indicator": "Indicator",
    "col.message": "Problem",
    "col.column": "Column",
    "col.before": "Before",
    "col.after": "After",
    "yes": "Yes",
    "no": "No",
    "open": "Open",
    "file.original": "File sent",
    "file.annotated": "Checked file",
    "board.title": "Progress of the reports",
    "board.none": "No reporting period yet.",
    "board.period": "Period",
    "board.submitted": "units submitted",
    "board.ontime": "on time",
    "board.approved": "approved",
    "board.consolidated": "Download the consolidation of the approved reports (.xlsx)",
    "board.consolidated.none": "No report is approved yet to consolidate.",
    "detail.title": (a) => a.name + " (" + a.code + ")",
    "detail.version": "Version",
    "detail.option": (a) => "Version " + a.n + " — " + a.number + " — " + a.outcome,
    "detail.file": "File sent",
    "detail.annotated": "Checked file",
    "detail.receipt": (a) => "Receipt " + a.number + ", received " + a.when + ", sent by " + a.by + ", SHA-256 " + a.sha,
    "detail.findings": "Problems found",
    "detail.nofindings": "No problem found.",
    "detail.compare": "Compare with the version before",
    "detail.reviews": "Review history",
    "detail.noreviews": "None yet.",
    "changes.title": (a) => "Figures changed from version " + a.from + " to version " + a.to,
    "changes.first": "This is the first version; there is none before it to compare with.",
    "changes.none": "No figure changed.",
    "column.last_year": "Last year's actual",
    "column.plan": "Plan",
    "column.actual": "Actual",
    "severity.error": "Error",
    "severity.warning": "Warning",
    "severity.info": "Note",
    "review.title": "Review",
    "review.reason": "Reason (needed to return or to withdraw an approval)",
    "review.approve": "Approve",
    "review.return": "Return to the unit",
    "review.unapprove": "Withdraw the approval",
    "review.applies": (a) => "Approving, returning or withdrawing applies to the unit's report as a whole, with its latest version (version " + a.n + ").",
    "review.needReason": "Please write the reason before returning or withdrawing an approval.",
    "review.busy": "Saving…",
    "review.done.approve": (a) => "The report of " + a.name + " is approved.",
    "review.done.return": (a) => "The report was returned to " + a.name + ".",
    "review.done.unapprove": (a) => "The approval of " + a.name + "'s report is withdrawn.",
    "periods.title": "Reporting periods",
    "periods.template": "Template",
    "periods.year": "Year",
    "periods.deadline": "Deadline",
    "periods.department": "Receiving department",
    "periods.units": "Codes of the units that must report (separated by commas, spaces or new lines)",
    "periods.count": "Units",
    "periods.add": "Add the period",
    "periods.added": (a) => "Period " + a.id + " added (" + count(a.n, "unit", "units") + ").",
    "periods.choose": "— Choose —",
    "users.title": "Accounts",
    "users.login": "Login",
    "users.password": "Password (8 characters or more)",
    "users.role": "Role",
    "users.unit": "Unit code",
    "users.department": "Department",
    "users.add": "Add the account",
    "users.added": (a) => "Account " + a.login + " added.",
    "units.title": "Units",
    "units.code": "Code",
    "units.name": "Name",
    "units.parent": "Parent unit's code (optional)",
    "units.kind": "Kind (for example phong, trung-tam, co-so)",
    "units.add": "Add the unit",
    "units.added": (a) => "Unit " + a.code + " — " + a.name + " added.",
    "units.search": "Search by code or name",
    "units.parent.filter": "Parent unit's code",
    "units.kind.filter": "Kind",
    "units.filter": "Filter",
    "units.parent.short": "Parent",
    "units.kind.short": "Kind",
    "units.count": (a) => a.shown === a.n ? count(a.n, "unit", "units") + "." : a.shown + " of " + a.n + " units shown; filter to narrow them down.",
    "departments.title": "Receiving departments",
    "departments.code": "Code",
    "departments.name": "Name",
    "departments.add": "Add the department",
    "departments.added": (a) => a.name + " added.",
    "audit.title": "Audit log",
    "audit.csv": "Download the log (.csv)",
    "audit.at": "Time",
    "audit.actor": "Who",
    "audit.action": "Action",
    "audit.object": "Object",
    "audit.detail": "Detail",
    "audit.client": "Client address",
    "audit.filter": "Filter",
    "audit.count": (a) => count(a.n, "entry", "entries") + ", newest first.",
    "footer": "chitieu — the reports sent here are kept, with their receipts and review history.",
  },
};

const CSRF_KEY = "chitieu.csrf";

// --- Formatting. ---

function number(s) {
  if (s === null || s === undefined || s === "") return "—";
  const [int, frac] = String(s).split(".");
  const neg = int.startsWith("-");
  const digits = neg ? int.slice(1) : int;
  const [group, point] = lang === "en" ? [",", "."] : [".", ","];
  return (neg ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (frac ? point + frac : "");
}

const pad = (n) => String(n).padStart(2, "0");

// when writes a time the way Vietnamese offices write it, 15/01/2025
// 17:00, in the reader's time zone; seconds for a receipt.
function when(iso, seconds) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (isNaN(d)) return "—";
  return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear() + " " + pad(d.getHours()) + ":" + pad(d.getMinutes()) +
    (seconds ? ":" + pad(d.getSeconds()) : "");
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function cell(tr, text, cls) {
  const td = el("td", text === undefined || text === null || text === "" ? "—" : text, cls);
  tr.appendChild(td);
  return td;
}

function badge(kind, key) {
  return el("span", t(key), "badge " + kind);
}

function link(href, text) {
  const a = el("a", text);
  a.href = href;
  return a;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

// --- Talking to the service. ---

let me = null; // the signed-in user: {login, role, unit, department}
let csrf = "";

function loadCSRF() {
  try { return sessionStorage.getItem(CSRF_KEY) || ""; } catch (e) { return ""; }
}

function saveCSRF(v) {
  try {
    if (v) sessionStorage.setItem(CSRF_KEY, v);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch (e) { /* storage disabled: the token lasts until reload */ }
}

function withLang(path) {
  return path + (path.includes("?") ? "&" : "?") + "lang=" + lang;
}

// call makes a request: { ok, status, code, data, message }. A 401, or a
// refused CSRF token, while signed in means the session is gone: the page
// goes back to the sign-in form and says why.
async function call(method, path, body) {
  const init = { method, headers: {}, cache: "no-store", credentials: "same-origin" };
  if (method !== "GET") init.headers["X-CSRF-Token"] = csrf;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  let res;
  try {
    res = await fetch(withLang(path), init);
  } catch (e) {
    return { ok: false, status: 0, code: "", message: t("error.network") };
  }
  let data = null;
  if (res.status !== 204) {
    try { data = await res.json(); } catch (e) { /* not JSON */ }
  }
  if (res.ok) return { ok: true, status: res.status, data };
  const err = data && data.error ? data.error : {};
  let message = err.message || t("error.status", { status: res.status });
  const after = res.headers.get("Retry-After");
  if (res.status === 503 && after) message += t("error.retry", { seconds: after });
  const out = { ok: false, status: res.status, code: err.code || "", message };
  if (me && path !== "/api/v1/sessions" && (res.status === 401 || err.code === "csrf")) sessionLost(message);
  return out;
}

// Reference data, asked once a sign-in.
let templates = null;   // id → title
let departments = null; // code → name

async function loadTemplates() {
  if (templates) return templates;
  const r = await call("GET", "/api/v1/templates");
  if (!r.ok) return {};
  templates = {};
  for (const x of r.data) templates[x.id] = x.title;
  return templates;
}

async function loadDepartments(again) {
  if (departments && !again) return departments;
  const r = await call("GET", "/api/v1/departments");
  if (!r.ok) return departments || {};
  departments = {};
  for (const d of r.data) departments[d.code] = d.name;
  return departments;
}

// sentence writes a template's title, set in capitals on the form, the
// way a sentence is written.
function sentence(s) {
  const low = String(s).toLocaleLowerCase("vi");
  return low.charAt(0).toLocaleUpperCase("vi") + low.slice(1);
}

function periodName(p) {
  const title = templates && templates[p.template] ? sentence(templates[p.template]) : p.template;
  return t("period.name", { title, year: p.year });
}

function deadlineText(iso) {
  const d = new Date(iso);
  let s = t("period.deadline", { when: when(iso) });
  const ms = d - Date.now();
  if (ms < 0) return { text: s + t("period.late"), late: true };
  const days = Math.floor(ms / 86400000);
  return { text: s + (days === 0 ? t("period.today") : t("period.left", { days })), late: false };
}

// --- Views. ---

// epoch changes whenever the view changes; a load that finds it changed
// drops what it fetched.
let epoch = 0;
let view = ""; // "signin", "clerk", "board", or an admin tab

const SECTIONS = ["signin", "clerk", "board", "tab-periods", "tab-users", "tab-units", "tab-departments", "tab-audit"];

function showOnly(id) {
  for (const s of SECTIONS) $(s).hidden = s !== id;
}

let noticeKey = null;
function notice(key, args) {
  noticeKey = key ? [key, args] : null;
  $("notice").textContent = key ? t(key, args) : "";
  $("notice").hidden = !key;
}

function showError(prefix, message, title) {
  if ($(prefix + "-error-title")) $(prefix + "-error-title").textContent = title || "";
  $(prefix + "-error-message").textContent = message;
  $(prefix + "-error").hidden = false;
}

function hideError(prefix) {
  $(prefix + "-error").hidden = true;
  $(prefix + "-error-message").textContent = "";
}

function renderWho() {
  $("who").hidden = !me;
  if (me) $("who-name").textContent = t("who", { login: me.login, role: t("role.short." + me.role) });
}

function showSignIn() {
  epoch++;
  view = "signin";
  me = null;
  templates = null;
  departments = null;
  renderWho();
  $("admin-tabs").hidden = true;
  // Nothing of the last user stays in the page for the next one.
  hideReceipt();
  clerk = { periods: [], unitName: "" };
  clear($("clerk-periods"));
  board = { periods: [], id: null, status: null, unit: null, n: null, sub: null };
  clear($("board-units").tBodies[0]);
  $("detail").hidden = true;
  for (const id of ["review-reason", "login", "password"]) $(id).value = "";
  for (const id of ["board-line", "board-submitted", "board-ontime", "board-approved", "review-status"]) $(id).textContent = "";
  hideError("review");
  showOnly("signin");
  $("login").focus();
}

function sessionLost(message) {
  saveCSRF("");
  csrf = "";
  showSignIn();
  notice("notice.expired", { message });
}

async function signIn(e) {
  e.preventDefault();
  hideError("signin");
  const login = $("login").value.trim(), password = $("password").value;
  if (!login || !password) {
    showError("signin", t("signin.empty"), t("signin.failed"));
    return;
  }
  $("signin-button").disabled = true;
  $("signin-button").textContent = t("signin.busy");
  const r = await call("POST", "/api/v1/sessions", { login, password });
  $("signin-button").disabled = false;
  $("signin-button").textContent = t("signin.submit");
  $("password").value = "";
  if (!r.ok) {
    showError("signin", r.message, t(r.status === 429 ? "signin.locked" : "signin.failed"));
    $("password").focus();
    return;
  }
  csrf = r.data.csrf;
  saveCSRF(csrf);
  me = r.data.user;
  notice(null);
  showRole();
}

async function signOut() {
  await call("DELETE", "/api/v1/sessions");
  saveCSRF("");
  csrf = "";
  showSignIn();
  notice("notice.signedout");
}

// showRole opens the signed-in user's page.
function showRole() {
  renderWho();
  hideError("signin");
  $("admin-tabs").hidden = me.role !== "admin";
  if (me.role === "clerk") {
    view = "clerk";
    showOnly("clerk");
    loadClerk();
  } else if (me.role === "reviewer") {
    view = "board";
    showOnly("board");
    loadBoard();
  } else {
    showTab(view && view.startsWith("tab-") ? view.slice(4) : "periods");
  }
}

// refresh loads the view again (after a language switch: what the
// service writes comes back in the new language).
function refresh() {
  if (!me) return;
  if (view === "clerk") loadClerk();
  else if (view === "board") loadBoard();
  else if (view.startsWith("tab-")) showTab(view.slice(4));
}

// --- The clerk. ---

let clerk = { periods: [], unitName: "" };

async function loadClerk() {
  const my = ++epoch;
  const [ps] = await Promise.all([call("GET", "/api/v1/periods"), loadTemplates(), loadDepartments()]);
  if (my !== epoch) return;
  if (!ps.ok) {
    notice("error.load", { message: ps.message });
    return;
  }
  const periods = ps.data.slice().sort((a, b) => new Date(b.deadline) - new Date(a.deadline));
  // Each period's status gives the unit's state and name; its history
  // is asked only when it has sent something (else there is none: 404).
  await Promise.all(periods.map(async (p) => {
    const st = await call("GET", "/api/v1/periods/" + p.id + "/status");
    p.mine = st.ok ? st.data.units.find((u) => u.code === me.unit) : null;
    if (p.mine && p.mine.versions > 0) {
      const sub = await call("GET", "/api/v1/periods/" + p.id + "/submissions/" + encodeURIComponent(me.unit));
      p.sub = sub.ok ? sub.data : null;
    }
  }));
  if (my !== epoch) return;
  clerk.periods = periods;
  const named = periods.find((p) => p.mine);
  clerk.unitName = named ? named.mine.name : me.unit;
  renderClerk();
}

function renderClerk() {
  $("clerk-unit").textContent = t("clerk.unit", { name: clerk.unitName, code: me.unit });
  const box = $("clerk-periods");
  clear(box);
  $("clerk-none").hidden = clerk.periods.length > 0;
  for (const p of clerk.periods) box.appendChild(clerkPeriod(p));
}

function clerkPeriod(p) {
  const art = el("article", null, "period");
  art.id = "period-" + p.id;
  art.dataset.period = p.id;
  art.appendChild(el("h3", periodName(p)));
  const dl = deadlineText(p.deadline);
  art.appendChild(el("p", dl.text, "deadline" + (dl.late ? " late" : "")));
  if (departments && departments[p.department]) art.appendChild(el("p", t("period.to", { name: departments[p.department] }), "muted"));

  const state = p.sub ? p.sub.state : "";
  const sl = el("p", t("clerk.state"), "state-line");
  sl.appendChild(state ? badge(state, "state." + state) : badge("missing", "state.none"));
  art.appendChild(sl);
  if (p.sub && p.sub.reason && (state === "returned" || state === "unapproved")) {
    const r = el("p", t("clerk.reason." + state), "reason");
    r.appendChild(el("span", p.sub.reason, "reason-text"));
    art.appendChild(r);
  }

  // The upload: a file picker whose label is the button (the browser's
  // own button would speak its language, not the page's).
  const form = el("form", null, "upload-row");
  const picker = el("div", null, "picker");
  const input = document.createElement("input");
  input.type = "file";
  input.id = "file-" + p.id;
  input.accept = ".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const label = el("label", t("clerk.pick"), "button-like");
  label.htmlFor = input.id;
  const chosen = el("span", t("clerk.nofile"), "muted");
  chosen.setAttribute("aria-live", "polite");
  picker.append(label, input, chosen);
  const button = el("button", t(p.sub ? "clerk.resubmit" : "clerk.submit"));
  button.type = "submit";
  button.id = "submit-" + p.id;
  button.disabled = true;
  form.append(picker, button);
  const status = el("p", null, "upload-status");
  status.setAttribute("role", "status");
  const error = el("div", null, "error");
  error.setAttribute("role", "alert");
  error.hidden = true;
  if (state === "approved") {
    art.appendChild(el("p", t("clerk.locked"), "muted locked"));
  } else {
    art.append(form, status, error);
  }
  input.addEventListener("change", () => {
    const f = input.files[0];
    chosen.textContent = f ? t("clerk.chosen", { name: f.name, kb: Math.max(1, Math.round(f.size / 1024)) }) : t("clerk.nofile");
    button.disabled = !f;
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.files[0]) submitReport(p, input.files[0], { button, status, error });
  });

  art.appendChild(el("h4", t("clerk.history")));
  const versions = p.sub ? p.sub.versions.slice().reverse() : [];
  if (versions.length === 0) {
    art.appendChild(el("p", t("clerk.nohistory"), "muted"));
  } else {
    const wrap = el("div", null, "scroll");
    const table = el("table", null, "history");
    table.id = "history-" + p.id;
    const head = table.createTHead().insertRow();
    for (const k of ["col.n", "col.number", "col.received", "col.outcome", "col.errors", "col.warnings", "col.files", "col.by"]) {
      const th = el("th", t(k));
      th.scope = "col";
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const v of versions) {
      const tr = body.insertRow();
      cell(tr, v.n, "num");
      const num = cell(tr, "");
      const rb = el("button", v.receipt.number, "small");
      rb.type = "button";
      rb.title = t("clerk.receipt");
      rb.addEventListener("click", () => showVersionReceipt(p, v));
      num.textContent = "";
      num.appendChild(rb);
      cell(tr, when(v.received_at));
      cell(tr, "").replaceChildren(badge(v.outcome, "outcome." + v.outcome));
      cell(tr, v.errors, "num");
      cell(tr, v.warnings, "num");
      const files = cell(tr, "");
      files.replaceChildren(link(versionPath(p.id, me.unit, v.n) + "/file", t("file.original")));
      if (v.annotated) files.append(" · ", link(versionPath(p.id, me.unit, v.n) + "/annotated", t("file.annotated")));
      cell(tr, v.uploaded_by);
    }
    wrap.appendChild(table);
    art.appendChild(wrap);
  }
  if (p.sub && p.sub.reviews.length > 0) {
    art.appendChild(el("h4", t("clerk.reviews")));
    art.appendChild(reviewList(p.sub.reviews));
  }
  return art;
}

function versionPath(period, unit, n) {
  return "/api/v1/periods/" + period + "/submissions/" + encodeURIComponent(unit) + "/versions/" + n;
}

function reviewList(reviews, ul) {
  ul = ul || el("ul", null, "plain reviews");
  for (const r of reviews.slice().reverse()) {
    ul.appendChild(el("li", t("review.line", { when: when(r.at), action: t("action." + r.action), n: r.version, by: r.by, reason: r.reason })));
  }
  return ul;
}

async function submitReport(p, file, ui) {
  ui.button.disabled = true;
  ui.error.hidden = true;
  ui.status.textContent = t("clerk.sending");
  const fd = new FormData();
  fd.append("file", file, file.name);
  const my = epoch;
  const r = await call("POST", "/api/v1/periods/" + p.id + "/submissions", fd);
  if (my !== epoch) return;
  ui.button.disabled = false;
  if (!r.ok) {
    ui.status.textContent = "";
    ui.error.replaceChildren(el("p", t("clerk.failed"), "error-title"), el("p", r.message));
    ui.error.hidden = false;
    return;
  }
  const a = r.data;
  showReceipt({ number: a.receipt.number, at: a.receipt.received_at, sha: a.receipt.sha256, outcome: a.outcome, errors: a.errors,
    warnings: a.warnings, summary: a.summary, summaryLang: lang, version: a.version, unit: clerk.unitName + " (" + a.unit + ")",
    period: periodName(p), file: file.name });
  await loadClerk();
  const st = document.querySelector("#period-" + p.id + " .upload-status");
  if (st) st.textContent = t("clerk.sent", { number: a.receipt.number });
}

// showVersionReceipt shows the receipt of a version of the history again,
// with the summary line of its check.
async function showVersionReceipt(p, v) {
  const d = await call("GET", versionPath(p.id, me.unit, v.n));
  let summary = "";
  if (d.ok && d.data.report) {
    const rep = d.data.report;
    summary = rep.summary ? rep.summary.sentence : rep.error ? rep.error.message : "";
  }
  showReceipt({ number: v.receipt.number, at: v.receipt.received_at, sha: v.receipt.sha256, outcome: v.outcome, errors: v.errors,
    warnings: v.warnings, summary, summaryLang: "vi", version: v.n, unit: clerk.unitName + " (" + me.unit + ")", period: periodName(p), file: "" });
}

let receipt = null;

function showReceipt(r) {
  receipt = r;
  renderReceipt();
  $("receipt").hidden = false;
  $("receipt").focus();
}

function renderReceipt() {
  if (!receipt) return;
  const r = receipt;
  $("receipt-number").textContent = r.number;
  $("receipt-time").textContent = when(r.at, true);
  $("receipt-unit").textContent = r.unit;
  $("receipt-period").textContent = r.period;
  $("receipt-version").textContent = r.version;
  $("receipt-file").textContent = r.file || "—";
  $("receipt-sha").textContent = r.sha;
  $("receipt-outcome").replaceChildren(badge(r.outcome, "outcome." + r.outcome));
  $("receipt-counts").textContent = t("receipt.countsText", { errors: r.errors, warnings: r.warnings });
  $("receipt-summary").textContent = r.summary || "";
  $("receipt-summary").lang = r.summaryLang;
}

function hideReceipt() {
  receipt = null;
  $("receipt").hidden = true;
}

// --- The board (reviewer; admin without the review buttons). ---

let board = { periods: [], id: null, status: null, unit: null, n: null, sub: null };

async function loadBoard() {
  const my = ++epoch;
  const [ps] = await Promise.all([call("GET", "/api/v1/periods"), loadTemplates(), loadDepartments()]);
  if (my !== epoch) return;
  if (!ps.ok) {
    notice("error.load", { message: ps.message });
    return;
  }
  board.periods = ps.data.slice().sort((a, b) => new Date(b.deadline) - new Date(a.deadline));
  $("board-none").hidden = board.periods.length > 0;
  $("board-body").hidden = board.periods.length === 0;
  const sel = $("board-period");
  clear(sel);
  for (const p of board.periods) {
    const o = el("option", periodName(p) + (departments[p.department] ? " — " + departments[p.department] : ""));
    o.value = p.id;
    sel.appendChild(o);
  }
  if (!board.periods.some((p) => String(p.id) === String(board.id))) {
    board.id = board.periods.length ? board.periods[0].id : null;
    board.unit = null;
  }
  if (board.id !== null) {
    sel.value = board.id;
    await loadStatus();
  }
}

function boardPeriod() {
  return board.periods.find((p) => String(p.id) === String(board.id));
}

async function loadStatus() {
  const my = epoch;
  const p = boardPeriod();
  const r = await call("GET", "/api/v1/periods/" + p.id + "/status");
  if (my !== epoch) return;
  if (!r.ok) {
    notice("error.load", { message: r.message });
    return;
  }
  const st = r.data;
  board.status = st;
  $("board-deadline").textContent = deadlineText(st.deadline).text;
  $("board-submitted").textContent = st.submitted + "/" + st.expected;
  $("board-ontime").textContent = st.on_time + "/" + st.expected;
  $("board-approved").textContent = st.approved + "/" + st.expected;
  $("board-line").textContent = st.line;
  $("board-consolidated").href = withLang("/api/v1/periods/" + p.id + "/consolidated");
  $("board-consolidated").hidden = st.approved === 0;
  $("board-consolidated-none").hidden = st.approved > 0;
  const body = $("board-units").tBodies[0];
  clear(body);
  for (const u of st.units) {
    const tr = body.insertRow();
    tr.dataset.unit = u.code;
    if (!u.versions) tr.className = "missing";
    if (u.code === board.unit) tr.classList.add("selected");
    cell(tr, u.code);
    const name = cell(tr, u.name);
    name.lang = "vi";
    cell(tr, "").replaceChildren(u.state ? badge(u.state, "state." + u.state) : badge("missing", "state.none"));
    const oc = cell(tr, "");
    if (u.outcome) oc.replaceChildren(badge(u.outcome, "outcome." + u.outcome));
    else oc.textContent = "—";
    cell(tr, u.received_at ? when(u.received_at) : "");
    cell(tr, u.versions ? t(u.on_time ? "yes" : "no") : "");
    cell(tr, u.versions, "num");
    const open = cell(tr, "");
    if (u.versions) {
      const b = el("button", t("open"), "small open");
      b.type = "button";
      b.setAttribute("aria-label", t("open") + " " + u.code);
      b.addEventListener("click", () => openUnit(u.code, null, true));
      open.replaceChildren(b);
    } else {
      open.textContent = "";
    }
  }
  if (board.unit) await openUnit(board.unit, board.n, false);
  else $("detail").hidden = true;
}

// openUnit shows a unit's submission: version n (the last when null), its
// findings, its receipts and files, and the review buttons.
async function openUnit(code, n, focus) {
  const my = epoch;
  const p = boardPeriod();
  const r = await call("GET", "/api/v1/periods/" + p.id + "/submissions/" + encodeURIComponent(code));
  if (my !== epoch) return;
  if (!r.ok) {
    notice("error.load", { message: r.message });
    return;
  }
  const sub = r.data;
  board.unit = code;
  board.sub = sub;
  const last = sub.versions.length ? sub.versions[sub.versions.length - 1].n : null;
  board.n = n && sub.versions.some((v) => v.n === n) ? n : last;
  for (const tr of $("board-units").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.unit === code);
  const u = board.status.units.find((x) => x.code === code) || { name: code };
  $("detail-title").textContent = t("detail.title", { name: u.name, code });
  const stateLine = $("detail-state");
  stateLine.replaceChildren(t("clerk.state"), badge(sub.state, "state." + sub.state));
  if (sub.reason && (sub.state === "returned" || sub.state === "unapproved")) {
    stateLine.append(" — " + t("clerk.reason." + sub.state), el("span", sub.reason, "reason-text"));
  }
  const sel = $("detail-version");
  clear(sel);
  for (const v of sub.versions.slice().reverse()) {
    const o = el("option", t("detail.option", { n: v.n, number: v.receipt.number, outcome: t("outcome." + v.outcome) }));
    o.value = v.n;
    sel.appendChild(o);
  }
  sel.value = board.n;
  const reviews = $("detail-reviews");
  clear(reviews);
  if (sub.reviews.length === 0) reviews.appendChild(el("li", t("detail.noreviews"), "muted"));
  else reviewList(sub.reviews, reviews);
  const reviewer = me.role === "reviewer";
  $("review").hidden = !reviewer;
  $("review-approve").disabled = !["submitted", "returned", "unapproved"].includes(sub.state);
  $("review-return").disabled = !["submitted", "unapproved"].includes(sub.state);
  $("review-unapprove").disabled = sub.state !== "approved";
  $("review-applies").textContent = last ? t("review.applies", { n: last }) : "";
  $("detail").hidden = false;
  await showVersion();
  if (focus) $("detail").focus();
}

async function showVersion() {
  const my = epoch;
  const p = boardPeriod();
  const v = board.sub.versions.find((x) => x.n === board.n);
  $("changes").hidden = true;
  $("detail-compare").disabled = !v;
  if (!v) return;
  const base = versionPath(p.id, board.unit, v.n);
  $("detail-file").href = base + "/file";
  $("detail-annotated").href = base + "/annotated";
  $("detail-annotated").hidden = !v.annotated;
  $("detail-receipt").textContent = t("detail.receipt", { number: v.receipt.number, when: when(v.received_at, true), by: v.uploaded_by, sha: v.receipt.sha256 });
  const r = await call("GET", base);
  if (my !== epoch) return;
  const body = $("detail-findings").tBodies[0];
  clear(body);
  const rep = r.ok ? r.data.report : null;
  $("detail-summary").textContent = rep ? (rep.summary ? rep.summary.sentence : rep.error ? rep.error.message : "") : r.message || "";
  const findings = rep && rep.findings ? rep.findings : [];
  $("detail-no-findings").hidden = findings.length > 0;
  for (const f of findings) {
    const tr = body.insertRow();
    tr.className = f.severity;
    cell(tr, t("severity." + f.severity));
    cell(tr, f.cell);
    cell(tr, f.indicator);
    const m = cell(tr, f.message + (f.expected ? " [" + f.expected + "]" : ""));
    m.lang = "vi";
  }
}

async function compare() {
  const my = epoch;
  const p = boardPeriod();
  const r = await call("GET", versionPath(p.id, board.unit, board.n) + "/changes");
  if (my !== epoch) return;
  if (!r.ok) {
    notice("error.load", { message: r.message });
    return;
  }
  const ch = r.data;
  $("changes").hidden = false;
  const body = $("changes-table").tBodies[0];
  clear(body);
  if (!ch.from) {
    $("changes-title").textContent = t("changes.first");
    $("changes-none").hidden = true;
    $("changes-table").hidden = true;
    return;
  }
  $("changes-title").textContent = t("changes.title", { from: ch.from, to: ch.to });
  $("changes-none").hidden = ch.changes.length > 0;
  $("changes-table").hidden = ch.changes.length === 0;
  for (const c of ch.changes) {
    const tr = body.insertRow();
    cell(tr, c.code);
    cell(tr, c.name).lang = "vi";
    cell(tr, t("column." + c.column));
    cell(tr, number(c.before), "num");
    cell(tr, number(c.after), "num");
  }
}

async function review(action) {
  hideError("review");
  $("review-status").textContent = "";
  const reason = $("review-reason").value.trim();
  if (action !== "approve" && !reason) {
    showError("review", t("review.needReason"));
    $("review-reason").focus();
    return;
  }
  const p = boardPeriod();
  const unit = board.unit;
  const name = (board.status.units.find((x) => x.code === unit) || { name: unit }).name;
  $("review-status").textContent = t("review.busy");
  for (const b of ["review-approve", "review-return", "review-unapprove"]) $(b).disabled = true;
  const r = await call("POST", "/api/v1/periods/" + p.id + "/submissions/" + encodeURIComponent(unit) + "/" + action, reason ? { reason } : undefined);
  if (!r.ok) {
    $("review-status").textContent = "";
    showError("review", r.message);
    await openUnit(unit, board.n, false);
    return;
  }
  $("review-reason").value = "";
  await loadStatus();
  $("review-status").textContent = t("review.done." + action, { name });
}

// --- The admin's tabs. ---

function showTab(name) {
  view = name === "board" ? "tab-board" : "tab-" + name;
  for (const b of document.querySelectorAll("#admin-tabs [data-tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === name));
  showOnly(name === "board" ? "board" : "tab-" + name);
  for (const p of ["periods", "users", "units", "departments"]) {
    hideError(p);
    $(p + "-status").textContent = "";
  }
  ({ board: loadBoard, periods: loadPeriods, users: loadUsers, units: loadUnits, departments: loadDepartmentsTab, audit: loadAudit })[name]();
}

function fillDepartments(sel) {
  const keep = sel.value;
  clear(sel);
  const none = el("option", t("periods.choose"));
  none.value = "";
  sel.appendChild(none);
  for (const [code, name] of Object.entries(departments || {})) {
    const o = el("option", name + " (" + code + ")");
    o.value = code;
    sel.appendChild(o);
  }
  sel.value = keep;
}

async function loadPeriods() {
  const my = ++epoch;
  const [ps] = await Promise.all([call("GET", "/api/v1/periods"), loadTemplates(), loadDepartments(true)]);
  if (my !== epoch) return;
  const sel = $("period-template");
  const keep = sel.value;
  clear(sel);
  for (const [id, title] of Object.entries(templates)) {
    const o = el("option", sentence(title) + " (" + id + ")");
    o.value = id;
    sel.appendChild(o);
  }
  if (keep) sel.value = keep;
  fillDepartments($("period-department"));
  if (!$("period-year").value) $("period-year").value = new Date().getFullYear();
  const body = $("periods-table").tBodies[0];
  clear(body);
  if (!ps.ok) return notice("error.load", { message: ps.message });
  for (const p of ps.data) {
    const tr = body.insertRow();
    cell(tr, p.id, "num");
    cell(tr, templates[p.template] ? sentence(templates[p.template]) : p.template);
    cell(tr, p.year);
    cell(tr, departments[p.department] || p.department);
    cell(tr, when(p.deadline));
    cell(tr, p.units.length, "num");
  }
}

async function addPeriod(e) {
  e.preventDefault();
  hideError("periods");
  const units = $("period-units").value.split(/[\s,;]+/).filter(Boolean);
  const deadline = new Date($("period-deadline").value);
  const body = { template: $("period-template").value, year: Number($("period-year").value), department: $("period-department").value,
    deadline: isNaN(deadline) ? "" : deadline.toISOString(), units };
  const r = await call("POST", "/api/v1/periods", body);
  if (!r.ok) return showError("periods", r.message);
  $("period-units").value = "";
  await loadPeriods();
  $("periods-status").textContent = t("periods.added", { id: r.data.id, n: r.data.units.length });
}

function userRoleChanged() {
  const role = $("user-role").value;
  $("user-unit-box").hidden = role !== "clerk";
  $("user-department-box").hidden = role !== "reviewer";
}

async function loadUsers() {
  const my = ++epoch;
  const [us] = await Promise.all([call("GET", "/api/v1/users"), loadDepartments(true)]);
  if (my !== epoch) return;
  fillDepartments($("user-department"));
  userRoleChanged();
  const body = $("users-table").tBodies[0];
  clear(body);
  if (!us.ok) return notice("error.load", { message: us.message });
  for (const u of us.data) {
    const tr = body.insertRow();
    cell(tr, u.login);
    cell(tr, t("role." + u.role));
    cell(tr, u.unit);
    cell(tr, departments[u.department] || u.department);
  }
}

async function addUser(e) {
  e.preventDefault();
  hideError("users");
  const role = $("user-role").value;
  const body = { login: $("user-login").value.trim(), password: $("user-password").value, role };
  if (role === "clerk") body.unit = $("user-unit").value.trim();
  if (role === "reviewer") body.department = $("user-department").value;
  const r = await call("POST", "/api/v1/users", body);
  if (!r.ok) return showError("users", r.message);
  for (const id of ["user-login", "user-password", "user-unit"]) $(id).value = "";
  await loadUsers();
  $("users-status").textContent = t("users.added", { login: r.data.login });
}

let unitList = [];
const UNITS_SHOWN = 300; // the official list has 3.355 units: a filter narrows them

async function loadUnits() {
  const my = ++epoch;
  const q = new URLSearchParams();
  if ($("filter-parent").value.trim()) q.set("parent", $("filter-parent").value.trim());
  if ($("filter-kind").value.trim()) q.set("kind", $("filter-kind").value.trim());
  const r = await call("GET", "/api/v1/units" + (q.toString() ? "?" + q : ""));
  if (my !== epoch) return;
  if (!r.ok) return notice("error.load", { message: r.message });
  unitList = r.data;
  renderUnits();
}

function fold(s) {
  return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function renderUnits() {
  const q = fold($("filter-text").value.trim());
  const list = q ? unitList.filter((u) => fold(u.code + " " + u.name).includes(q)) : unitList;
  const body = $("units-table").tBodies[0];
  clear(body);
  for (const u of list.slice(0, UNITS_SHOWN)) {
    const tr = body.insertRow();
    cell(tr, u.code);
    cell(tr, u.name).lang = "vi";
    cell(tr, u.parent);
    cell(tr, u.kind);
  }
  $("units-count").textContent = t("units.count", { shown: Math.min(list.length, UNITS_SHOWN), n: list.length });
}

async function addUnit(e) {
  e.preventDefault();
  hideError("units");
  const body = { code: $("unit-code").value.trim(), name: $("unit-name").value.trim(), parent: $("unit-parent").value.trim(), kind: $("unit-kind").value.trim() };
  const r = await call("POST", "/api/v1/units", body);
  if (!r.ok) return showError("units", r.message);
  for (const id of ["unit-code", "unit-name", "unit-parent"]) $(id).value = "";
  await loadUnits();
  $("units-status").textContent = t("units.added", { code: r.data.code, name: r.data.name });
  $("unit-code").focus();
}

async function loadDepartmentsTab() {
  const my = ++epoch;
  await loadDepartments(true);
  if (my !== epoch) return;
  const body = $("departments-table").tBodies[0];
  clear(body);
  for (const [code, name] of Object.entries(departments)) {
    const tr = body.insertRow();
    cell(tr, code);
    cell(tr, name).lang = "vi";
  }
}

async function addDepartment(e) {
  e.preventDefault();
  hideError("departments");
  const body = { code: $("department-code").value.trim(), name: $("department-name").value.trim() };
  const r = await call("POST", "/api/v1/departments", body);
  if (!r.ok) return showError("departments", r.message);
  $("department-code").value = "";
  $("department-name").value = "";
  await loadDepartmentsTab();
  $("departments-status").textContent = t("departments.added", { name: r.data.name });
}

async function loadAudit() {
  const my = ++epoch;
  const q = new URLSearchParams();
  if ($("audit-actor").value.trim()) q.set("actor", $("audit-actor").value.trim());
  if ($("audit-action").value.trim()) q.set("action", $("audit-action").value.trim());
  const csv = new URLSearchParams(q);
  csv.set("format", "csv");
  $("audit-csv").href = "/api/v1/audit?" + csv;
  const r = await call("GET", "/api/v1/audit" + (q.toString() ? "?" + q : ""));
  if (my !== epoch) return;
  if (!r.ok) return notice("error.load", { message: r.message });
  const body = $("audit-table").tBodies[0];
  clear(body);
  const list = r.data.slice().reverse();
  for (const a of list) {
    const tr = body.insertRow();
    tr.dataset.action = a.action;
    cell(tr, when(a.at, true));
    cell(tr, a.actor);
    cell(tr, a.action);
    cell(tr, a.object);
    cell(tr, a.detail).lang = "vi";
    cell(tr, a.client);
  }
  $("audit-count").textContent = t("audit.count", { n: list.length });
}

// --- Language. ---

function applyLang() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  $("admin-tabs").setAttribute("aria-label", t("tabs.label"));
  renderWho();
  renderReceipt();
  if (noticeKey) notice(noticeKey[0], noticeKey[1]);
}

function setLang(next) {
  if (!next || next === lang) return;
  lang = next;
  remember(next);
  applyLang();
  refresh();
}

// --- Start. ---

async function start() {
  csrf = loadCSRF();
  const r = await call("GET", "/api/v1/me");
  if (r.ok && csrf) {
    me = r.data;
    showRole();
    return;
  }
  showSignIn();
  if (r.ok) notice("notice.relogin"); // the cookie holds, the CSRF token is lost: nothing could be changed
}

lang = initialLang();
document.documentElement.lang = lang;

document.addEventListener("DOMContentLoaded", () => {
  applyLang();
  for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => setLang(b.dataset.lang));
  $("signin-form").addEventListener("submit", signIn);
  $("signout").addEventListener("click", signOut);
  $("receipt-print").addEventListener("click", () => window.print());
  $("receipt-close").addEventListener("click", hideReceipt);
  for (const b of document.querySelectorAll("#admin-tabs [data-tab]")) b.addEventListener("click", () => showTab(b.dataset.tab));
  $("board-period").addEventListener("change", () => {
    board.id = $("board-period").value;
    board.unit = null;
    loadStatus();
  });
  $("detail-version").addEventListener("change", () => {
    board.n = Number($("detail-version").value);
    showVersion();
  });
  $("detail-compare").addEventListener("click", compare);
  $("review-approve").addEventListener("click", () => review("approve"));
  $("review-return").addEventListener("click", () => review("return"));
  $("review-unapprove").addEventListener("click", () => review("unapprove"));
  $("review").addEventListener("submit", (e) => e.preventDefault());
  $("period-form").addEventListener("submit", addPeriod);
  $("user-form").addEventListener("submit", addUser);
  $("user-role").addEventListener("change", userRoleChanged);
  $("unit-form").addEventListener("submit", addUnit);
  $("unit-filter").addEventListener("submit", (e) => { e.preventDefault(); loadUnits(); });
  $("filter-text").addEventListener("input", renderUnits);
  $("department-form").addEventListener("submit", addDepartment);
  $("audit-filter").addEventListener("submit", (e) => { e.preventDefault(); loadAudit(); });
  start();
});
