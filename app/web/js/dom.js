// Tiny DOM helpers: h() builds HTML elements, svg() builds SVG elements.

const SVG_NS = "http://www.w3.org/2000/svg";

function applyAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.setAttribute("class", v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value" && "value" in el) el.value = v;
    else if (k === "checked" && "checked" in el) el.checked = Boolean(v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
}

function appendAll(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  appendAll(el, children);
  return el;
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  appendAll(el, children);
  return el;
}

let counter = 0;
export function uid(prefix = "id") {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function fmtDate(iso) {
  if (!iso) return "—";
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("nl-NL", { day: "numeric", month: "short", year: "numeric" });
}

export function fmtDateTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("nl-NL", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

const pad2 = (n) => String(n).padStart(2, "0");

/** A day the Dutch way, dd-mm-jjjj: "31-12-2031" (an ISO date is read as that very day). */
export function fmtDay(iso) {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad2(d.getDate())}-${pad2(d.getMonth() + 1)}-${d.getFullYear()}`;
}

/** A moment the Dutch way, in local time: "31-12-2031 14:05:09". */
export function fmtMoment(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${fmtDay(iso)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/**
 * A number the Dutch way: comma decimals, at most `digits` of them, and a real minus sign
 * (U+2212); `sign` adds a plus to a positive number (a change): "−2,8", "+1,5", "0".
 */
export function fmtNumber(value, { digits = 1, sign = false } = {}) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  const rounded = Math.abs(value) < 0.5 / 10 ** digits ? 0 : value; // never "−0"
  const text = new Intl.NumberFormat("nl-NL", {
    maximumFractionDigits: digits,
    signDisplay: sign ? "exceptZero" : "auto",
  }).format(rounded);
  return text.replace(/[-\u2212]/, "\u2212");
}

/** A share 0..1 as a whole percentage, the Dutch way: "67 %" (a no-break space before %). */
export function fmtPercent(share) {
  if (typeof share !== "number" || !Number.isFinite(share)) return "—";
  return `${fmtNumber(share * 100, { digits: 0 })}\u00a0%`;
}

export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Today in the Netherlands (Europe/Amsterdam), as an ISO date: the default of a date field. */
export function todayNL() {
  try {
    // en-CA writes a date as yyyy-mm-dd.
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date());
  } catch {
    return today();
  }
}

/** A moment the Dutch way, to the minute: "29-11-2026 14:05" (local time). */
export function fmtDayTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${fmtDay(iso)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** A polite or assertive message box; empty text hides it. */
export function setMessage(el, text, kind = "info") {
  el.replaceChildren();
  el.className = `message message-${kind}`;
  el.hidden = !text;
  if (text) el.append(...(Array.isArray(text) ? text : [text]));
}
