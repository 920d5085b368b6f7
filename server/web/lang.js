// The language of the pages (/ and /app): Vietnamese by default, English
// on request; each page's script defines its TEXTS in both. Loaded before
// the page's own script: classic scripts share these names.

const LANGS = ["vi", "en"];
const LANG_KEY = "chitieu.lang"; // one choice for both pages
let lang = "vi";

// t is the text of key in the current language. A missing text is shown
// as ⟦key⟧ and logged, so that it is seen rather than silently Vietnamese.
function t(key, args) {
  const v = TEXTS[lang][key];
  if (v === undefined) {
    console.error("chitieu: no " + lang + " text for " + key);
    return "⟦" + key + "⟧";
  }
  return typeof v === "function" ? v(args || {}) : v;
}

function parseLang(s) {
  const tag = String(s || "").trim().toLowerCase().split("-")[0];
  return LANGS.includes(tag) ? tag : "";
}

// initialLang is ?lang= in the address (remembered too), else the stored
// choice, else Vietnamese: the page is for Vietnamese offices, so the
// browser's language is not consulted.
function initialLang() {
  const asked = parseLang(new URLSearchParams(location.search).get("lang"));
  if (asked) {
    remember(asked);
    return asked;
  }
  let stored = "";
  try { stored = parseLang(localStorage.getItem(LANG_KEY)); } catch (e) { /* storage disabled */ }
  return stored || "vi";
}

function remember(l) {
  try { localStorage.setItem(LANG_KEY, l); } catch (e) { /* storage disabled: the choice lasts until reload */ }
}
