// chitieu web page: choose or drop a report, validate it, see the findings,
// download the annotated workbook, consolidate the units' reports, and
// download the blank templates; in Vietnamese or English. Every text from
// the server is inserted with textContent, never as HTML.
//
// Two promises to the reader of the page:
//   - A result on screen is the result of the file now chosen, in the
//     language now chosen. Choosing another file, starting a check, or a
//     failure (HTTP 4xx/5xx, network) empties the result first; an answer
//     that arrives for a request the page no longer waits for is dropped.
//   - Switching the language never leaves the page half in each. The
//     page's own texts are redrawn from TEXTS; what the server wrote (the
//     summary, the findings, its error messages) cannot be translated here,
//     so the check on screen is sent again with the new lang. Checking is
//     free of side effects and the browser still holds the file, so the
//     reader gets the same result in the other language rather than an
//     empty page and a request to press Kiểm tra again. A download that is
//     still in flight is sent again too (the reader has not got it yet, and
//     gets it in the new language); a finished download is never repeated.
//
// A report is checked as a job of the service (/api/v1/jobs): the page
// submits it, polls it for the rows of a household list read so far (a
// list of a million rows takes minutes), then fetches the result, which
// is what the sync route would have answered. Hủy cancels the job. A job
// the page no longer waits for — abandoned for another file, a language
// switch, Hủy, or the page closed — is cancelled on the service too, and
// a result once fetched is dropped there: it holds what the file holds.
"use strict";

const $ = (id) => document.getElementById(id);

// count writes "1 error", "2 errors".
const count = (n, one, many) => n + " " + (Number(n) === 1 ? one : many);

// TEXTS holds every text the page writes itself, in both languages. An
// entry is a string or a function of named arguments.
const TEXTS = {
  vi: {
    "title": "Kiểm tra báo cáo chỉ tiêu — chitieu",
    "heading": "Kiểm tra báo cáo chỉ tiêu",
    "nav.app": "Đăng nhập (đơn vị, duyệt báo cáo)",
    "intro": "Tải lên báo cáo Excel (.xlsx) theo biểu mẫu. Hệ thống kiểm tra từng số liệu, tính % kế hoạch và đánh dấu các lỗi.",
    "upload.title": "1. Chọn tệp báo cáo",
    "upload.drop": "Kéo thả tệp vào đây, hoặc",
    "upload.pick": "chọn tệp từ máy",
    "against.pick": "Đối chiếu với bảng tổng hợp rà soát hộ nghèo (không bắt buộc, khi tệp trên là danh sách hộ):",
    "against.clear": "Bỏ bảng tổng hợp",
    "against.title": "Đối chiếu với bảng tổng hợp",
    "against.line": (a) => "Bảng tổng hợp " + a.name + ": " + a.sentence,
    "against.none": "Số hộ của từng xã trong bảng tổng hợp khớp với danh sách.",
    "upload.none": "Chưa chọn tệp.",
    "upload.chosen": (a) => "Đã chọn: " + a.name + " (" + a.kb + " KB)",
    "upload.check": "Kiểm tra",
    "upload.download": "Tải báo cáo đã kiểm tra (.xlsx)",
    "upload.cancel": "Hủy",
    "result.title": "2. Kết quả kiểm tra",
    "report.template": "Biểu mẫu: ",
    "report.unit": "Đơn vị: ",
    "report.year": "Năm: ",
    "report.sheet": "Trang tính: ",
    "report.counts": (a) => a.errors + " lỗi, " + a.warnings + " cảnh báo, " + a.infos + " thông tin" + (a.justified ? " (" + a.justified + " đã giải trình)" : "") + ".",
    "findings.title": "Các vấn đề phát hiện",
    "findings.filter": "Lọc theo mức độ",
    "findings.none": "Không có vấn đề nào ở mức độ này.",
    "findings.severity": "Mức độ",
    "findings.sheet": "Trang tính",
    "findings.cell": "Ô",
    "findings.indicator": "Chỉ tiêu",
    "findings.message": "Nội dung",
    "findings.justified": " (đã giải trình)",
    "findings.expected": (a) => " [Đúng ra: " + a.expected + "]",
    "severity.all": "Tất cả",
    "severity.error": "Lỗi",
    "severity.warning": "Cảnh báo",
    "severity.info": "Thông tin",
    "indicators.title": "Kết quả thực hiện các chỉ tiêu",
    "indicators.code": "Mã",
    "indicators.name": "Chỉ tiêu",
    "indicators.unit": "ĐVT",
    "indicators.plan": "Kế hoạch",
    "indicators.actual": "Thực hiện",
    "indicators.attainment": "% KH",
    "indicators.status": "Đánh giá",
    "status.checking": "Đang kiểm tra…",
    "status.checked": (a) => "Đã kiểm tra xong: " + a.errors + " lỗi, " + a.warnings + " cảnh báo.",
    "status.annotating": "Đang tạo báo cáo đã kiểm tra…",
    "status.downloaded": (a) => "Đã tải xuống " + a.name + " (" + a.errors + " lỗi, " + a.warnings + " cảnh báo).",
    "status.cancelled": "Đã hủy kiểm tra.",
    "progress.rows": (a) => "Đã đọc " + a.n + " dòng",
    "error.check": (a) => "Không kiểm tra được tệp " + a.name,
    "error.consolidate": "Không tổng hợp được các báo cáo",
    "error.network": "Không kết nối được tới máy chủ. Hãy kiểm tra mạng rồi thử lại.",
    "error.status": (a) => "Máy chủ trả lỗi " + a.status + ".",
    "error.retry": (a) => " (thử lại sau " + a.seconds + " giây)",
    "cons.title": "Tổng hợp báo cáo các đơn vị",
    "cons.intro": "Chọn hoặc kéo thả cùng lúc báo cáo của các đơn vị (cùng biểu mẫu, cùng năm). Số lượng được cộng; tỷ lệ được tính lại từ số lượng, không lấy trung bình.",
    "cons.drop": "Kéo thả các tệp vào đây, hoặc",
    "cons.pick": "chọn nhiều tệp",
    "cons.none": "Chưa chọn tệp.",
    "cons.chosen": (a) => "Đã chọn " + a.n + " tệp.",
    "cons.name": "Tên đơn vị tổng hợp (ghi trên báo cáo)",
    "cons.name.example": "Ví dụ: Sở Lao động – Thương binh và Xã hội tỉnh Quảng Trị",
    "cons.who": "Đơn vị phải báo cáo",
    "cons.who.any": "Không đối chiếu danh sách: tổng hợp mọi báo cáo đã chọn",
    "cons.who.file": "Theo danh sách đơn vị của tôi, trong một tệp (.txt, .csv, .xlsx)",
    "cons.who.province": "Theo danh sách chính thức các xã, phường của một tỉnh (từ 01/7/2025)",
    "cons.list.pick": "Chọn tệp danh sách",
    "cons.list.none": "Chưa chọn tệp danh sách.",
    "cons.list.chosen": (a) => "Tệp danh sách: " + a.name,
    "cons.list.hint": "Mỗi dòng một đơn vị; tệp Excel hoặc CSV có cột mã và cột tên đơn vị (hoặc chỉ cột tên). Tên viết tắt vẫn được nhận ra. Báo cáo của đơn vị không có trong danh sách sẽ bị từ chối.",
    "cons.province": "Tỉnh, thành phố",
    "cons.province.hint": "Báo cáo của đơn vị không phải là xã, phường của tỉnh này sẽ bị từ chối.",
    "cons.province.choose": "— Chọn tỉnh, thành phố —",
    "cons.province.loading": "Đang tải danh sách tỉnh…",
    "cons.province.failed": "Không tải được danh sách tỉnh.",
    "cons.province.item": (a) => a.name + " (" + number(a.n) + " xã, phường)",
    "cons.run": "Tổng hợp",
    "cons.download": "Tải báo cáo tổng hợp (.xlsx)",
    "cons.unit": "Đơn vị",
    "cons.file": "Tệp",
    "cons.errors": "Lỗi",
    "cons.warnings": "Cảnh báo",
    "cons.result": "Kết quả",
    "cons.missing": "Chưa có báo cáo",
    "cons.summary": (a) => "Báo cáo tổng hợp: " + a.sentence + " (" + a.errors + " lỗi, " + a.warnings + " cảnh báo).",
    "cons.running": (a) => "Đang kiểm tra và tổng hợp " + a.n + " tệp…",
    "cons.done": "Đã tổng hợp xong.",
    "cons.making": "Đang tạo báo cáo tổng hợp…",
    "cons.downloaded": (a) => "Đã tải xuống " + a.name + ".",
    "templates.title": "Biểu mẫu trống",
    "templates.intro": "Biểu mẫu đã có sẵn kiểm tra dữ liệu khi nhập trong Excel.",
    "templates.loading": "Đang tải danh sách biểu mẫu…",
    "templates.failed": "Không tải được danh sách biểu mẫu.",
    "templates.item": (a) => " — " + a.n + " chỉ tiêu (" + a.file + ")",
    "footer": "chitieu — dữ liệu tải lên chỉ dùng để kiểm tra, không được lưu lại.",
  },
  en: {
    "title": "Indicator report check — chitieu",
    "heading": "Check an indicator report",
    "nav.app": "Sign in (units, review of reports)",
    "intro": "Upload an Excel report (.xlsx) made on a template. The service checks every figure, computes the % of plan and marks the errors.",
    "upload.title": "1. Choose the report file",
    "upload.drop": "Drop the file here, or",
    "upload.pick": "choose a file",
    "against.pick": "Check against the poverty review summary table (optional, when the file above is a household list):",
    "against.clear": "Remove the summary table",
    "against.title": "Against the summary table",
    "against.line": (a) => "Summary table " + a.name + ": " + a.sentence,
    "against.none": "Every commune's households in the summary table agree with the list.",
    "upload.none": "No file chosen.",
    "upload.chosen": (a) => "Chosen: " + a.name + " (" + a.kb + " KB)",
    "upload.check": "Check",
    "upload.download": "Download the checked report (.xlsx)",
    "upload.cancel": "Cancel",
    "result.title": "2. Result of the check",
    "report.template": "Template: ",
    "report.unit": "Unit: ",
    "report.year": "Year: ",
    "report.sheet": "Sheet: ",
    "report.counts": (a) => count(a.errors, "error", "errors") + ", " + count(a.warnings, "warning", "warnings") + ", " + count(a.infos, "note", "notes") + (a.justified ? " (" + a.justified + " justified)" : "") + ".",
    "findings.title": "Problems found",
    "findings.filter": "Show by severity",
    "findings.none": "No problem of this severity.",
    "findings.severity": "Severity",
    "findings.sheet": "Sheet",
    "findings.cell": "Cell",
    "findings.indicator": "Indicator",
    "findings.message": "Problem",
    "findings.justified": " (justified)",
    "findings.expected": (a) => " [Expected: " + a.expected + "]",
    "severity.all": "All",
    "severity.error": "Error",
    "severity.warning": "Warning",
    "severity.info": "Note",
    "indicators.title": "Attainment of the indicators",
    "indicators.code": "Code",
    "indicators.name": "Indicator",
    "indicators.unit": "Unit",
    "indicators.plan": "Plan",
    "indicators.actual": "Actual",
    "indicators.attainment": "% of plan",
    "indicators.status": "Assessment",
    "status.checking": "Checking…",
    "status.checked": (a) => "Checked: " + count(a.errors, "error", "errors") + ", " + count(a.warnings, "warning", "warnings") + ".",
    "status.annotating": "Making the checked report…",
    "status.downloaded": (a) => "Downloaded " + a.name + " (" + count(a.errors, "error", "errors") + ", " + count(a.warnings, "warning", "warnings") + ").",
    "status.cancelled": "The check was cancelled.",
    "progress.rows": (a) => a.n + (a.n === "1" ? " row read" : " rows read"),
    "error.check": (a) => "The file " + a.name + " could not be checked",
    "error.consolidate": "The reports could not be consolidated",
    "error.network": "The server cannot be reached. Check the network and try again.",
    "error.status": (a) => "The server answered with error " + a.status + ".",
    "error.retry": (a) => " (try again in " + a.seconds + " seconds)",
    "cons.title": "Consolidate the units' reports",
    "cons.intro": "Choose or drop the reports of all units at once (same template, same year). Counts are added up; rates are computed again from the counts, never averaged.",
    "cons.drop": "Drop the files here, or",
    "cons.pick": "choose several files",
    "cons.none": "No file chosen.",
    "cons.chosen": (a) => count(a.n, "file", "files") + " chosen.",
    "cons.name": "Name of the consolidating unit (written on the report)",
    "cons.name.example": "For example: Department of Labour, Invalids and Social Affairs of Quang Tri",
    "cons.who": "Units that must report",
    "cons.who.any": "No list: consolidate every report chosen",
    "cons.who.file": "My own list of units, in a file (.txt, .csv, .xlsx)",
    "cons.who.province": "The official list of the communes and wards of a province (from 1 July 2025)",
    "cons.list.pick": "Choose the list file",
    "cons.list.none": "No list file chosen.",
    "cons.list.chosen": (a) => "List file: " + a.name,
    "cons.list.hint": "One unit a line; a spreadsheet or CSV file with a code column and a unit name column (or the names alone). Abbreviated names are recognised. A report of a unit not on the list is refused.",
    "cons.province": "Province or city",
    "cons.province.hint": "A report of a unit that is not a commune or ward of this province is refused.",
    "cons.province.choose": "— Choose a province or city —",
    "cons.province.loading": "Loading the provinces…",
    "cons.province.failed": "The list of provinces could not be loaded.",
    "cons.province.item": (a) => a.name + " (" + count(a.n, "commune or ward", "communes and wards") + ")",
    "cons.run": "Consolidate",
    "cons.download": "Download the consolidated report (.xlsx)",
    "cons.unit": "Unit",
    "cons.file": "File",
    "cons.errors": "Errors",
    "cons.warnings": "Warnings",
    "cons.result": "Result",
    "cons.missing": "No report",
    "cons.summary": (a) => "Consolidated report: " + a.sentence + " (" + count(a.errors, "error", "errors") + ", " + count(a.warnings, "warning", "warnings") + ").",
    "cons.running": (a) => "Checking and consolidating " + count(a.n, "file", "files") + "…",
    "cons.done": "Consolidation done.",
    "cons.making": "Making the consolidated report…",
    "cons.downloaded": (a) => "Downloaded " + a.name + ".",
    "templates.title": "Blank templates",
    "templates.intro": "The templates check the data as it is typed in Excel.",
    "templates.loading": "Loading the templates…",
    "templates.failed": "The list of templates could not be loaded.",
    "templates.item": (a) => " — " + count(a.n, "indicator", "indicators") + " (" + a.file + ")",
    "footer": "chitieu — uploaded data is used only for the check and is not kept.",
  },
};


// Numbers: the JSON report gives plain decimals ("1035.5"); the page groups
// them the reader's way (1.035,5 or 1,035.5).
function number(s) {
  if (s === null || s === undefined || s === "") return "—";
  const [int, frac] = String(s).split(".");
  const neg = int.startsWith("-");
  const digits = neg ? int.slice(1) : int;
  const [group, point] = lang === "en" ? [",", "."] : [".", ","];
  return (neg ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (frac ? point + frac : "");
}

// cell appends a cell. Texts copied from the workbook (names of
// indicators, units, sheets) stay Vietnamese in the English page, so they
// are marked lang="vi" for screen readers.
function cell(tr, text, cls, fromWorkbook) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null || text === "" ? "—" : String(text);
  if (cls) td.className = cls;
  if (fromWorkbook) td.lang = "vi";
  tr.appendChild(td);
  return td;
}

// --- The two forms share how a request is made, shown and abandoned. ---

// A form has one request at a time. pending is what is in flight
// ("validate", "annotate", "json", "download"), shown what is on screen
// ("result", "error" or ""), status the key and arguments of the status
// line, so that it can be redrawn in the other language; job is the id of
// the service's job in flight, rows the rows it has read.
function newForm(ids) {
  return { ids, ctl: null, pending: "", shown: "", status: null, job: null, rows: 0 };
}
const upload = newForm({ status: "status", error: "error", errorTitle: "error-title", errorMessage: "error-message" });
const cons = newForm({ status: "cons-status", error: "cons-error", errorTitle: "cons-error-title", errorMessage: "cons-error-message" });
upload.file = null;
cons.files = [];
cons.list = null; // the unit list file, sent only when "file" is chosen

// begin abandons the form's request in flight and starts another.
function begin(form, what) {
  abandon(form);
  form.ctl = new AbortController();
  form.pending = what;
  form.rows = 0;
  return form.ctl.signal;
}

function finish(form) {
  form.ctl = null;
  form.pending = "";
}

// abandon aborts the request in flight and cancels its job.
function abandon(form) {
  if (form.ctl) form.ctl.abort();
  if (form.job) forget(form.job);
  form.job = null;
}

function cancel(form) {
  abandon(form);
  finish(form);
}

function setStatus(form, key, args) {
  form.status = key ? [key, args] : null;
  $(form.ids.status).textContent = key ? t(key, args) : "";
}

function showError(form, title, message) {
  $(form.ids.errorTitle).textContent = title;
  $(form.ids.errorMessage).textContent = message;
  $(form.ids.error).hidden = false;
  form.shown = "error";
  setStatus(form, null);
}

function hideError(form) {
  $(form.ids.error).hidden = true;
  $(form.ids.errorTitle).textContent = "";
  $(form.ids.errorMessage).textContent = "";
  if (form.shown === "error") form.shown = "";
}

function withLang(path) {
  return path + (path.includes("?") ? "&" : "?") + "lang=" + lang;
}

// send posts a form and reads the answer as JSON or as a blob. It returns
// { res, data } or { message }: the service's message from its JSON error
// body, or the page's own for a network failure. The caller checks
// signal.aborted after it: an abandoned request's outcome is not shown.
function send(path, body, signal, read) {
  return request(withLang(path), { method: "POST", body, signal }, read);
}

// get is send for a GET, never answered from the browser's cache.
function get(path, signal, read) {
  return request(withLang(path), { signal, cache: "no-store" }, read);
}

async function request(url, init, read) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    return { message: t("error.network") };
  }
  if (!res.ok) {
    let message = t("error.status", { status: res.status });
    try {
      const j = await res.json();
      if (j && j.error && j.error.message) message = j.error.message;
    } catch (e) { /* not JSON */ }
    const after = res.headers.get("Retry-After");
    if (res.status === 503 && after) message += t("error.retry", { seconds: after });
    return { message };
  }
  try {
    return { res, data: read === "blob" ? await res.blob() : await res.json() };
  } catch (e) {
    return { message: t("error.network") };
  }
}

// --- Jobs of the service. ---

function jobPath(id) {
  return "/api/v1/jobs/" + encodeURIComponent(id);
}

// forget cancels a job on the service, or drops its result; nobody waits
// for the answer, and it is sent even while the page is closing.
function forget(id) {
  fetch(jobPath(id), { method: "DELETE", keepalive: true }).catch(() => {});
}

// pause waits ms, or less if signal aborts.
function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

// runJob submits body as a job of kind, polls it — often at first, then
// every second — showing the rows read, and fetches its result once it has
// ended. It returns like send: the result ({ res, data }) or the service's
// message, the same as the sync route's. The job is form.job while the
// page waits for it.
async function runJob(form, kind, body, signal, read) {
  const sub = await send("/api/v1/jobs?kind=" + kind, body, signal, "json");
  if (signal.aborted) {
    if (sub.data) forget(sub.data.id);
    return sub;
  }
  if (sub.message) return sub;
  const id = sub.data.id;
  form.job = id;
  for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
    await pause(wait, signal);
    if (signal.aborted) return {};
    const st = await get(jobPath(id), signal, "json");
    if (signal.aborted) return {};
    if (st.message) {
      form.job = null;
      return st;
    }
    setRows(form, st.data.rows);
    if (st.data.status === "running") continue;
    const out = await get(jobPath(id) + "/result", signal, read);
    if (signal.aborted) return {};
    form.job = null;
    forget(id);
    return out;
  }
}

function setRows(form, rows) {
  form.rows = rows;
  if (form === upload) renderProgress();
}

// renderProgress shows the bar, the rows read and Hủy while a check runs.
function renderProgress() {
  const busy = upload.pending !== "";
  $("progress").hidden = !busy;
  $("progress-rows").textContent = busy && upload.rows > 0 ? t("progress.rows", { n: number(upload.rows) }) : "";
}

// fileName reads the name from Content-Disposition (filename*=utf-8''…).
function fileName(res, fallback) {
  const cd = res.headers.get("Content-Disposition") || "";
  const star = /filename\*=utf-8''([^;]+)/i.exec(cd);
  if (star) { try { return decodeURIComponent(star[1]); } catch (e) { /* fall through */ } }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

function save(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// --- One report: validate and annotate. ---

let report = null;
let againstReport = null; // the summary table's report, checked against the list

function renderChosen() {
  const f = upload.file;
  $("file-name").textContent = f ? t("upload.chosen", { name: f.name, kb: number(Math.ceil(f.size / 1024)) }) : t("upload.none");
}

function renderUploadButtons() {
  const off = !upload.file || upload.pending !== "";
  $("validate").disabled = off;
  $("annotate").disabled = off;
  renderProgress();
}

// clearReport empties the result area, so that nothing of an earlier
// answer can be read as the current one.
function clearReport() {
  report = null;
  againstReport = null;
  renderAgainst(null);
  $("result").hidden = true;
  for (const id of ["report-line", "summary", "counts"]) $(id).replaceChildren();
  $("findings").tBodies[0].replaceChildren();
  $("indicators").tBodies[0].replaceChildren();
  $("no-findings").hidden = true;
  if (upload.shown === "result") upload.shown = "";
}

function setFile(file) {
  cancel(upload);
  upload.file = file || null;
  clearReport();
  hideError(upload);
  setStatus(upload, null);
  renderChosen();
  renderUploadButtons();
}

function failUpload(file, message) {
  clearReport();
  showError(upload, t("error.check", { name: file.name }), message);
}

function fileForm(file, against) {
  const body = new FormData();
  body.append("file", file, file.name);
  if (against) body.append("against", against, against.name);
  return body;
}

// The summary table a household list is checked against, if chosen.
upload.against = null;

function setAgainst(file) {
  cancel(upload);
  upload.against = file || null;
  if (!file) $("against").value = "";
  $("against-clear").hidden = !file;
  clearReport();
  hideError(upload);
  setStatus(upload, null);
  renderUploadButtons();
}

// renderAgainst shows what the summary table says against the list: its
// summary line and the findings of its cells that disagree.
function renderAgainst(table) {
  const box = $("against-result");
  const body = $("against-findings").tBodies[0];
  body.replaceChildren();
  box.hidden = !table;
  if (!table) return;
  $("against-line").textContent = t("against.line", { name: upload.against ? upload.against.name : "", sentence: table.summary.sentence });
  const shown = table.findings.filter((f) => f.code === "sum-mismatch" || f.code === "list-commune-missing");
  for (const f of shown) {
    const tr = document.createElement("tr");
    tr.className = f.severity;
    cell(tr, TEXTS[lang]["severity." + f.severity] ? t("severity." + f.severity) : f.severity);
    cell(tr, f.cell);
    cell(tr, f.message + (f.expected ? t("findings.expected", { expected: f.expected }) : ""));
    body.appendChild(tr);
  }
  $("against-none").hidden = shown.length > 0;
}

function renderFindings() {
  const want = document.querySelector('input[name="severity"]:checked').value;
  const body = $("findings").tBodies[0];
  body.replaceChildren();
  let shown = 0;
  for (const f of report.findings) {
    if (want && f.severity !== want) continue;
    const tr = document.createElement("tr");
    tr.className = f.severity;
    const sev = TEXTS[lang]["severity." + f.severity] ? t("severity." + f.severity) : f.severity;
    cell(tr, sev + (f.justified ? t("findings.justified") : ""));
    cell(tr, f.sheet, "", true);
    cell(tr, f.cell);
    cell(tr, f.indicator);
    cell(tr, f.message + (f.expected ? t("findings.expected", { expected: f.expected }) : ""));
    body.appendChild(tr);
    shown++;
  }
  $("no-findings").hidden = shown > 0;
}

// reportLine writes "Biểu mẫu: … — Đơn vị: … — Năm: … — Trang tính: …",
// the values copied from the workbook marked as Vietnamese.
function reportLine() {
  const line = $("report-line");
  line.replaceChildren();
  const parts = [["report.template", report.template, false], ["report.unit", report.unit, true],
    ["report.year", report.year, false], ["report.sheet", report.sheet, true]];
  for (const [key, value, vi] of parts) {
    if (!value) continue;
    if (line.childNodes.length) line.append(" — ");
    line.append(t(key));
    const span = document.createElement("span");
    span.textContent = String(value);
    if (vi) span.lang = "vi";
    line.append(span);
  }
}

function renderReport() {
  const s = report.summary;
  reportLine();
  $("summary").textContent = s.sentence;
  $("counts").textContent = t("report.counts", s);
  renderFindings();
  // A table by unit (the poverty review) has findings but no indicators.
  const hasIndicators = report.indicators.length > 0;
  $("indicators-title").hidden = !hasIndicators;
  $("indicators-box").hidden = !hasIndicators;
  const body = $("indicators").tBodies[0];
  body.replaceChildren();
  for (const i of report.indicators) {
    const tr = document.createElement("tr");
    cell(tr, i.code);
    cell(tr, i.name, "", true);
    cell(tr, i.unit, "", true);
    cell(tr, i.plan_range ? number(i.plan_range[0]) + "–" + number(i.plan_range[1]) : number(i.plan), "num");
    cell(tr, number(i.actual), "num");
    cell(tr, i.attainment === null ? (i.attainment_note || "—") : number(Number(i.attainment).toFixed(1)) + "%", "num");
    cell(tr, i.status_text);
    body.appendChild(tr);
  }
  $("result").hidden = false;
  upload.shown = "result";
}

// validate checks the chosen file. From the form (ev set) it moves the
// focus to the result; when the language changes it does not, so the
// reader stays at the switch.
async function validate(ev) {
  if (ev) ev.preventDefault();
  const out = await runUpload("validate", "status.checking", "json", clearReport);
  if (!out) return;
  // With a summary table the answer holds both reports.
  report = out.data.list || out.data;
  againstReport = out.data.list ? out.data.summary : null;
  renderReport();
  renderAgainst(againstReport);
  setStatus(upload, "status.checked", { errors: report.summary.errors, warnings: report.summary.warnings });
  if (ev) $("result-title").focus();
}

// runUpload runs a job of kind on the chosen file, the status saying what
// it does; null when there is nothing to show (no file, a job abandoned, or
// a failure already shown). before runs once the job has begun.
async function runUpload(kind, status, format, before) {
  const file = upload.file;
  if (!file) return null;
  const signal = begin(upload, kind);
  if (before) before();
  hideError(upload);
  setStatus(upload, status);
  renderUploadButtons();
  const out = await runJob(upload, kind, fileForm(file, kind === "validate" ? upload.against : null), signal, format);
  if (signal.aborted) return null;
  finish(upload);
  renderUploadButtons();
  if (out.message) {
    failUpload(file, out.message);
    return null;
  }
  return out;
}

// annotate downloads the annotated workbook. A result on screen stays: it
// is the same file's.
async function annotate() {
  const out = await runUpload("annotate", "status.annotating", "blob");
  if (!out) return;
  const name = fileName(out.res, "bao-cao-kiem-tra.xlsx");
  save(out.data, name);
  setStatus(upload, "status.downloaded", { name, errors: out.res.headers.get("X-Chitieu-Errors"), warnings: out.res.headers.get("X-Chitieu-Warnings") });
}

// cancelCheck is Hủy: the job is cancelled, nothing of it or of an earlier
// result stays on screen, and the status says so.
function cancelCheck() {
  if (upload.pending === "") return;
  cancel(upload);
  clearReport();
  hideError(upload);
  setStatus(upload, "status.cancelled");
  renderUploadButtons();
  $("validate").focus(); // Hủy is gone; the keyboard stays in the form
}

// --- Consolidation: many units' files at once. ---

function renderConsChosen() {
  const n = cons.files.length;
  $("cons-chosen").textContent = n ? t("cons.chosen", { n }) : t("cons.none");
}

// Who should report is one of three choices. A list is given as a file
// only, not typed: the list a clerk has is already a file (the
// department's Excel sheet, a don-vi.txt), one control per choice leaves
// no question of which of two boxes counts, and the chosen file's name on
// screen says what was sent. The service still reads a typed units field
// for scripts.
//
// who is the chosen way: "" (nobody in particular), "file" or "province".
function who() {
  const r = document.querySelector('input[name="cons-who"]:checked');
  return r ? r.value : "";
}

// whoReady: the chosen way has what it needs, a list file or a province.
function whoReady() {
  switch (who()) {
    case "file": return cons.list !== null;
    case "province": return $("cons-province").value !== "";
  }
  return true;
}

function renderWho() {
  $("cons-list-box").hidden = who() !== "file";
  $("cons-province-box").hidden = who() !== "province";
  $("cons-list-name").textContent = cons.list ? t("cons.list.chosen", { name: cons.list.name }) : t("cons.list.none");
}

function renderConsButtons() {
  const off = cons.files.length === 0 || cons.pending !== "" || !whoReady();
  $("cons-run").disabled = off;
  $("cons-download").disabled = off;
}

function clearCons() {
  $("cons-result").hidden = true;
  $("cons-completeness").textContent = "";
  $("cons-summary").textContent = "";
  $("cons-units-table").tBodies[0].replaceChildren();
  if (cons.shown === "result") cons.shown = "";
}

// consChanged is called when the files, the list or the name change: a
// consolidation on screen was made from other inputs.
function consChanged() {
  cancel(cons);
  clearCons();
  hideError(cons);
  setStatus(cons, null);
  renderConsChosen();
  renderWho();
  renderConsButtons();
}

function setUnits(files) {
  cons.files = Array.from(files || []);
  consChanged();
}

function setList(file) {
  cons.list = file || null;
  consChanged();
}

function failCons(message) {
  clearCons();
  showError(cons, t("error.consolidate"), message);
}

function consForm() {
  const body = new FormData();
  for (const f of cons.files) body.append("files", f, f.name);
  // Exactly one way of saying who should report, or none: the service
  // refuses a list and a province together.
  if (who() === "file" && cons.list) body.append("units", cons.list, cons.list.name);
  if (who() === "province" && $("cons-province").value) body.append("province", $("cons-province").value);
  body.append("name", $("cons-name").value);
  return body;
}

async function consolidate(ev) {
  if (ev) ev.preventDefault();
  if (cons.files.length === 0) return;
  const signal = begin(cons, "json");
  clearCons();
  hideError(cons);
  setStatus(cons, "cons.running", { n: cons.files.length });
  renderConsButtons();
  const out = await send("/api/v1/consolidate?format=json", consForm(), signal, "json");
  if (signal.aborted) return;
  finish(cons);
  renderConsButtons();
  if (out.message) {
    failCons(out.message);
    return;
  }
  const rep = out.data;
  $("cons-completeness").textContent = rep.completeness;
  const ps = rep.province.summary;
  $("cons-summary").textContent = t("cons.summary", { sentence: ps.sentence, errors: ps.errors, warnings: ps.warnings });
  const body = $("cons-units-table").tBodies[0];
  body.replaceChildren();
  for (const u of rep.units) {
    const tr = document.createElement("tr");
    if (u.report.summary.errors > 0) tr.className = "has-errors";
    cell(tr, u.unit, "", true);
    cell(tr, u.file);
    cell(tr, u.report.summary.errors, "num");
    cell(tr, u.report.summary.warnings, "num");
    cell(tr, u.report.summary.sentence);
    body.appendChild(tr);
  }
  for (const m of rep.missing) {
    const tr = document.createElement("tr");
    tr.className = "has-errors";
    cell(tr, m, "", true);
    cell(tr, t("cons.missing"));
    cell(tr, "", "num");
    cell(tr, "", "num");
    cell(tr, "");
    body.appendChild(tr);
  }
  $("cons-result").hidden = false;
  cons.shown = "result";
  setStatus(cons, "cons.done");
}

async function consDownload() {
  if (cons.files.length === 0) return;
  const signal = begin(cons, "download");
  hideError(cons);
  setStatus(cons, "cons.making");
  renderConsButtons();
  const out = await send("/api/v1/consolidate", consForm(), signal, "blob");
  if (signal.aborted) return;
  finish(cons);
  renderConsButtons();
  if (out.message) {
    failCons(out.message);
    return;
  }
  const name = fileName(out.res, "tong-hop.xlsx");
  save(out.data, name);
  setStatus(cons, "cons.downloaded", { name });
}

// --- Blank templates. ---

let templates = null; // null: loading; false: failed; else the list

function renderTemplates() {
  const list = $("templates");
  list.replaceChildren();
  if (!templates) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = t(templates === null ? "templates.loading" : "templates.failed");
    list.appendChild(li);
    return;
  }
  for (const tpl of templates) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = tpl.workbook;
    a.download = tpl.id + ".xlsx";
    a.textContent = tpl.title;
    a.lang = "vi"; // the form's own title
    li.appendChild(a);
    li.appendChild(document.createTextNode(t("templates.item", { n: tpl.indicators, file: tpl.id + ".xlsx" })));
    list.appendChild(li);
  }
}

async function loadTemplates() {
  try {
    const res = await fetch("/api/v1/templates");
    if (!res.ok) throw new Error("templates: " + res.status);
    templates = await res.json();
  } catch (e) {
    templates = false;
  }
  renderTemplates();
}

// --- The provinces of the official list, for the consolidation. ---

let provinces = null; // null: loading; false: failed; else the list

// renderProvinces fills the province select in the current language,
// keeping the province chosen. Its value is the province's code, which
// the service reads as well as the name.
function renderProvinces() {
  const sel = $("cons-province");
  const chosen = sel.value;
  const option = (value, text, disabled) => {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    o.disabled = Boolean(disabled);
    return o;
  };
  if (!provinces) {
    sel.replaceChildren(option("", t(provinces === null ? "cons.province.loading" : "cons.province.failed"), true));
    sel.value = "";
    return;
  }
  sel.replaceChildren(option("", t("cons.province.choose")),
    ...provinces.map((p) => option(p.code, t("cons.province.item", { name: p.name, n: p.communes }))));
  sel.value = provinces.some((p) => p.code === chosen) ? chosen : "";
}

async function loadProvinces() {
  try {
    const res = await fetch("/api/v1/provinces");
    if (!res.ok) throw new Error("provinces: " + res.status);
    provinces = (await res.json()).provinces;
  } catch (e) {
    provinces = false;
  }
  renderProvinces();
  renderConsButtons();
}

// --- Language. ---

// applyLang redraws every text the page writes itself.
function applyLang() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  renderChosen();
  renderProgress();
  renderConsChosen();
  renderWho();
  renderProvinces();
  renderTemplates();
  for (const form of [upload, cons]) {
    if (form.status) setStatus(form, form.status[0], form.status[1]);
  }
}

// setLang switches the language, keeps the choice, and asks the server
// again for whatever it wrote on the page or is writing (see the top of
// this file).
function setLang(next) {
  if (!next || next === lang) return;
  lang = next;
  remember(next);
  const url = new URL(location.href);
  if (url.searchParams.has("lang")) {
    url.searchParams.set("lang", next);
    history.replaceState(history.state, "", url);
  }
  applyLang();
  if (upload.pending === "annotate") annotate();
  else if (upload.pending || upload.shown) validate();
  if (cons.pending === "download") consDownload();
  else if (cons.pending || cons.shown) consolidate();
}

lang = initialLang();
document.documentElement.lang = lang;

document.addEventListener("DOMContentLoaded", () => {
  applyLang();
  for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => setLang(b.dataset.lang));

  $("cons-files").addEventListener("change", (e) => setUnits(e.target.files));
  for (const r of document.querySelectorAll('input[name="cons-who"]')) r.addEventListener("change", consChanged);
  $("cons-list").addEventListener("change", (e) => setList(e.target.files[0]));
  $("cons-province").addEventListener("change", consChanged);
  $("cons-name").addEventListener("input", consChanged);
  $("cons-form").addEventListener("submit", consolidate);
  $("cons-download").addEventListener("click", consDownload);
  const consDrop = $("cons-drop");
  for (const ty of ["dragenter", "dragover"]) consDrop.addEventListener(ty, (e) => { e.preventDefault(); consDrop.classList.add("over"); });
  for (const ty of ["dragleave", "drop"]) consDrop.addEventListener(ty, () => consDrop.classList.remove("over"));
  consDrop.addEventListener("drop", (e) => { e.preventDefault(); setUnits(e.dataTransfer.files); });

  $("result-title").tabIndex = -1;
  $("file").addEventListener("change", (e) => setFile(e.target.files[0]));
  $("against").addEventListener("change", (e) => setAgainst(e.target.files[0]));
  $("against-clear").addEventListener("click", () => { setAgainst(null); $("against").focus(); });
  $("upload-form").addEventListener("submit", validate);
  $("annotate").addEventListener("click", annotate);
  $("cancel").addEventListener("click", cancelCheck);
  window.addEventListener("pagehide", () => { if (upload.job) forget(upload.job); });
  for (const r of document.querySelectorAll('input[name="severity"]')) r.addEventListener("change", () => report && renderFindings());
  const drop = $("drop");
  for (const ty of ["dragenter", "dragover"]) drop.addEventListener(ty, (e) => { e.preventDefault(); drop.classList.add("over"); });
  for (const ty of ["dragleave", "drop"]) drop.addEventListener(ty, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer.files.length > 0) setFile(e.dataTransfer.files[0]);
  });
  // A file dropped outside the box must not make the browser leave the page.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
  loadProvinces();
  loadTemplates();
});
