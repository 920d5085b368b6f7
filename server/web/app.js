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
  return send(path + "?lang=vi", body, showError);
}

// send posts a form; on failure it passes the service's message (or a
// network error) to fail and returns null.
async function send(url, body, fail) {
  let res;
  try {
    res = await fetch(url, { method: "POST", body });
  } catch (e) {
    fail("Không kết nối được tới máy chủ. Hãy kiểm tra mạng rồi thử lại.");
    return null;
  }
  if (res.ok) return res;
  let message = "Máy chủ trả lỗi " + res.status + ".";
  try {
    const j = await res.json();
    if (j && j.error && j.error.message) message = j.error.message;
  } catch (e) { /* not JSON */ }
  if (res.status === 503 && res.headers.get("Retry-After")) message += " (thử lại sau " + res.headers.get("Retry-After") + " giây)";
  fail(message);
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
  // A table by unit (the poverty review) has findings but no indicators.
  const hasIndicators = report.indicators.length > 0;
  $("indicators-title").hidden = !hasIndicators;
  $("indicators-box").hidden = !hasIndicators;
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

// Consolidation: many units' files at once.
let unitsChosen = [];

function setUnits(files) {
  unitsChosen = Array.from(files || []);
  $("cons-chosen").textContent = unitsChosen.length ? "Đã chọn " + unitsChosen.length + " tệp." : "Chưa chọn tệp.";
  $("cons-run").disabled = unitsChosen.length === 0;
  $("cons-download").disabled = unitsChosen.length === 0;
  $("cons-error").hidden = true;
}

function consError(message) {
  const box = $("cons-error");
  box.textContent = message;
  box.hidden = false;
  $("cons-status").textContent = "";
}

function consForm() {
  const body = new FormData();
  for (const f of unitsChosen) body.append("files", f, f.name);
  body.append("units", $("cons-units").value);
  body.append("name", $("cons-name").value);
  return body;
}

async function consolidate(ev) {
  ev.preventDefault();
  if (unitsChosen.length === 0) return;
  $("cons-error").hidden = true;
  $("cons-status").textContent = "Đang kiểm tra và tổng hợp " + unitsChosen.length + " tệp…";
  const res = await send("/api/v1/consolidate?format=json&lang=vi", consForm(), consError);
  if (!res) return;
  const rep = await res.json();
  $("cons-completeness").textContent = rep.completeness;
  $("cons-summary").textContent = "Báo cáo tổng hợp: " + rep.province.summary.sentence + " (" + rep.province.summary.errors + " lỗi, " + rep.province.summary.warnings + " cảnh báo).";
  const body = $("cons-units-table").tBodies[0];
  body.replaceChildren();
  for (const u of rep.units) {
    const tr = document.createElement("tr");
    if (u.report.summary.errors > 0) tr.className = "has-errors";
    cell(tr, u.unit);
    cell(tr, u.file);
    cell(tr, u.report.summary.errors, "num");
    cell(tr, u.report.summary.warnings, "num");
    cell(tr, u.report.summary.sentence);
    body.appendChild(tr);
  }
  for (const m of rep.missing) {
    const tr = document.createElement("tr");
    tr.className = "has-errors";
    cell(tr, m);
    cell(tr, "Chưa có báo cáo");
    cell(tr, "", "num");
    cell(tr, "", "num");
    cell(tr, "");
    body.appendChild(tr);
  }
  $("cons-result").hidden = false;
  $("cons-status").textContent = "Đã tổng hợp xong.";
}

async function consDownload() {
  if (unitsChosen.length === 0) return;
  $("cons-error").hidden = true;
  $("cons-status").textContent = "Đang tạo báo cáo tổng hợp…";
  const res = await send("/api/v1/consolidate?lang=vi", consForm(), consError);
  if (!res) return;
  const name = fileName(res, "tong-hop.xlsx");
  save(await res.blob(), name);
  $("cons-status").textContent = "Đã tải xuống " + name + ".";
}

document.addEventListener("DOMContentLoaded", () => {
  $("cons-files").addEventListener("change", (e) => setUnits(e.target.files));
  $("cons-form").addEventListener("submit", consolidate);
  $("cons-download").addEventListener("click", consDownload);
  const consDrop = $("cons-drop");
  for (const t of ["dragenter", "dragover"]) consDrop.addEventListener(t, (e) => { e.preventDefault(); consDrop.classList.add("over"); });
  for (const t of ["dragleave", "drop"]) consDrop.addEventListener(t, () => consDrop.classList.remove("over"));
  consDrop.addEventListener("drop", (e) => { e.preventDefault(); setUnits(e.dataTransfer.files); });

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
