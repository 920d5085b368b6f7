// chitieu web page: choose or drop a report, validate it, see the findings,
// download the annotated workbook and the blank templates. Every text from
// the server is inserted with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const severityLabel = { error: "Lỗi", warning: "Cảnh báo", info: "Thông tin" };
let chosen = null;
let report = null;

function setFile(file) {
  chosen = file || null;
  $("file-name").textContent = chosen ? "Đã chọn: " + chosen.name + " (" + Math.ceil(chosen.size / 1024) + " KB)" : "Chưa chọn tệp.";
  $("validate").disabled = !chosen;
  $("annotate").disabled = !chosen;
  $("error").hidden = true;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
  $("status").textContent = "";
}

function busy(on, text) {
  $("validate").disabled = on || !chosen;
  $("annotate").disabled = on || !chosen;
  $("status").textContent = on ? text : "";
}

// post sends the chosen file and returns the response, or shows the
// service's error message (or a network error) and returns null.
async function post(path) {
  const body = new FormData();
  body.append("file", chosen, chosen.name);
  let res;
  try {
    res = await fetch(path + "?lang=vi", { method: "POST", body });
  } catch (e) {
    showError("Không kết nối được tới máy chủ. Hãy kiểm tra mạng rồi thử lại.");
    return null;
  }
  if (res.ok) return res;
  let message = "Máy chủ trả lỗi " + res.status + ".";
  try {
    const j = await res.json();
    if (j && j.error && j.error.message) message = j.error.message;
  } catch (e) { /* not JSON */ }
  if (res.status === 503 && res.headers.get("Retry-After")) message += " (thử lại sau " + res.headers.get("Retry-After") + " giây)";
  showError(message);
  return null;
}

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null || text === "" ? "—" : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function viNumber(s) {
  if (s === null || s === undefined) return "—";
  const [int, frac] = String(s).split(".");
  const neg = int.startsWith("-");
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (neg ? "-" : "") + grouped + (frac ? "," + frac : "");
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
    cell(tr, (severityLabel[f.severity] || f.severity) + (f.justified ? " (đã giải trình)" : ""));
    cell(tr, f.sheet);
    cell(tr, f.cell);
    cell(tr, f.indicator);
    cell(tr, f.message + (f.expected ? " [Đúng ra: " + f.expected + "]" : ""));
    body.appendChild(tr);
    shown++;
  }
  $("no-findings").hidden = shown > 0;
}

function renderReport() {
  const s = report.summary;
  $("report-line").textContent = "Biểu mẫu: " + report.template + (report.unit ? " — Đơn vị: " + report.unit : "") + (report.year ? " — Năm: " + report.year : "") + " — Trang tính: " + report.sheet;
  $("summary").textContent = s.sentence;
  $("counts").textContent = s.errors + " lỗi, " + s.warnings + " cảnh báo, " + s.infos + " thông tin" + (s.justified ? " (" + s.justified + " đã giải trình)" : "") + ".";
  renderFindings();
  const body = $("indicators").tBodies[0];
  body.replaceChildren();
  for (const i of report.indicators) {
    const tr = document.createElement("tr");
    cell(tr, i.code);
    cell(tr, i.name);
    cell(tr, i.unit);
    cell(tr, i.plan_range ? viNumber(i.plan_range[0]) + "–" + viNumber(i.plan_range[1]) : viNumber(i.plan), "num");
    cell(tr, viNumber(i.actual), "num");
    cell(tr, i.attainment === null ? (i.attainment_note || "—") : viNumber(Number(i.attainment).toFixed(1)) + "%", "num");
    cell(tr, i.status_text);
    body.appendChild(tr);
  }
  $("result").hidden = false;
}

async function validate(ev) {
  ev.preventDefault();
  if (!chosen) return;
  busy(true, "Đang kiểm tra…");
  $("error").hidden = true;
  const res = await post("/api/v1/validate");
  busy(false);
  if (!res) return;
  report = await res.json();
  renderReport();
  $("status").textContent = "Đã kiểm tra xong: " + report.summary.errors + " lỗi, " + report.summary.warnings + " cảnh báo.";
  $("result-title").focus();
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

async function annotate() {
  if (!chosen) return;
  busy(true, "Đang tạo báo cáo đã kiểm tra…");
  $("error").hidden = true;
  const res = await post("/api/v1/annotate");
  busy(false);
  if (!res) return;
  const name = fileName(res, "bao-cao-kiem-tra.xlsx");
  save(await res.blob(), name);
  $("status").textContent = "Đã tải xuống " + name + " (" + res.headers.get("X-Chitieu-Errors") + " lỗi, " + res.headers.get("X-Chitieu-Warnings") + " cảnh báo).";
}

async function loadTemplates() {
  const list = $("templates");
  try {
    const res = await fetch("/api/v1/templates");
    const templates = await res.json();
    list.replaceChildren();
    for (const t of templates) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = t.workbook;
      a.download = t.id + ".xlsx";
      a.textContent = t.title;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + t.indicators + " chỉ tiêu (" + t.id + ".xlsx)"));
      list.appendChild(li);
    }
  } catch (e) {
    list.replaceChildren();
    const li = document.createElement("li");
    li.textContent = "Không tải được danh sách biểu mẫu.";
    list.appendChild(li);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("result-title").tabIndex = -1;
  $("file").addEventListener("change", (e) => setFile(e.target.files[0]));
  $("upload-form").addEventListener("submit", validate);
  $("annotate").addEventListener("click", annotate);
  for (const r of document.querySelectorAll('input[name="severity"]')) r.addEventListener("change", () => report && renderFindings());
  const drop = $("drop");
  for (const t of ["dragenter", "dragover"]) drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); });
  for (const t of ["dragleave", "drop"]) drop.addEventListener(t, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer.files.length > 0) setFile(e.dataTransfer.files[0]);
  });
  // A file dropped outside the box must not make the browser leave the page.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
  loadTemplates();
});
