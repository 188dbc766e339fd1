// Shared by the account and administration screens: who may open them, a registration with its
// end date and expiry warning, and a confirmation dialog.

import { api, session } from "./api.js";
import { fmtDay, h } from "./dom.js";
import { REGISTER_LABEL, humanize } from "./labels.js";

export const EXPIRY_WARNING_DAYS = 90;

export const isAdmin = (me) => Boolean(me) && me.kind === "therapist" && me.rol === "praktijkbeheerder";

/**
 * The page for someone who may not open an administration screen (a therapist, or the API's
 * 403): said in plain Dutch, with a way back.
 */
export function notForYou(main, title) {
  main.replaceChildren(
    h("h1", {}, title),
    h(
      "div",
      { class: "message message-warning", id: "admin-only" },
      h("p", {}, "Deze pagina is alleen voor de praktijkbeheerder van je praktijk."),
      h(
        "p",
        {},
        "Moet hier iets gebeuren (een collega toevoegen, een koppeling met het EPD, de toegangslog inzien, de instellingen van de praktijk)? ",
        "Vraag het aan je praktijkbeheerder.",
      ),
    ),
    h("p", {}, h("a", { href: "#/episodes" }, "Naar de episodes"), " · ", h("a", { href: "#/account" }, "Mijn account")),
  );
}

/**
 * The API refused (403): the role changed since the login. The same friendly page, and the menu
 * is brought up to date from GET /v1/me, so the administration links go.
 */
export async function refusedByApi(main, title) {
  notForYou(main, title);
  try {
    session.me = (await api("GET", "/v1/me")).data;
  } catch {
    return; // a 401 already went to the login page
  }
  const links = document.getElementById("nav-admin");
  if (links) links.hidden = !isAdmin(session.me);
}

/** Shows the friendly page and returns false unless the signed-in therapist is praktijkbeheerder. */
export function requireAdmin(main, title) {
  if (isAdmin(session.me)) return true;
  notForYou(main, title);
  return false;
}

/**
 * The first load of an administration page: true when it may be shown; false (with the
 * friendly page) when the signed-in therapist is not praktijkbeheerder, or the API says so.
 */
export async function loadForAdmin(main, title, load) {
  if (!requireAdmin(main, title)) return false;
  try {
    await load();
  } catch (e) {
    if (e.status === 403) {
      await refusedByApi(main, title);
      return false;
    }
    throw e;
  }
  return true;
}

/** Every therapist of the practice, active or not (all pages of GET /v1/therapists). */
export async function allTherapists() {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 50; page += 1) {
    const { data } = await api("GET", "/v1/therapists", { query: { limit: 200, cursor } });
    items.push(...data.items);
    cursor = data.next_cursor;
    if (!cursor) break;
  }
  return items;
}

export const registerLabel = (r) => REGISTER_LABEL[r] || humanize(r);

function daysUntil(isoDay) {
  const [y, m, d] = isoDay.split("-").map(Number);
  const end = Date.UTC(y, m - 1, d);
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((end - today) / 86_400_000);
}

/**
 * Whether a registration needs attention: {kind: "expired"|"expiring", text} or null. The base
 * registration without an end date never lapses; a specialist one counts through its last day.
 */
export function expiry(reg) {
  if (!reg.geldig_tot) return null;
  const days = daysUntil(reg.geldig_tot);
  if (days < 0) return { kind: "expired", text: `Verlopen op ${fmtDay(reg.geldig_tot)}: herregistratie nodig` };
  if (days <= EXPIRY_WARNING_DAYS) {
    const when = days === 0 ? "vandaag" : days === 1 ? "morgen" : `over ${days} dagen`;
    return { kind: "expiring", text: `Verloopt ${when}: herregistratie nodig` };
  }
  return null;
}

/** One registration, as a therapist reads it: "Bekkenoefentherapeut, nummer 29012345678,
 * geldig tot 31-12-2031", with its warning beside it. */
export function registrationItem(reg) {
  const warn = expiry(reg);
  return h(
    "li",
    { "data-register": reg.register },
    registerLabel(reg.register),
    reg.nummer ? `, nummer ${reg.nummer}` : null,
    reg.geldig_tot ? [", geldig tot ", h("span", { class: "nowrap" }, fmtDay(reg.geldig_tot))] : ", verloopt niet",
    warn ? [" ", h("span", { class: `badge expiry expiry-${warn.kind}` }, warn.text)] : null,
  );
}

const REGISTER_ORDER = Object.keys(REGISTER_LABEL);

/** The registrations in the order of the register (the base registration first). */
export function registrationList(regs) {
  if (!regs || !regs.length) return h("span", { class: "muted" }, "Geen registraties");
  const sorted = [...regs].sort((a, b) => REGISTER_ORDER.indexOf(a.register) - REGISTER_ORDER.indexOf(b.register));
  return h("ul", { class: "plain registrations" }, sorted.map(registrationItem));
}

/**
 * A modal confirmation (<dialog>): resolves true on the confirm button, false on "Annuleren"
 * or Escape. Focus starts on "Annuleren" and returns to where it was.
 */
export function confirmDialog({ title, text, confirm, danger = true }) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const titleId = "confirm-title";
    const cancel = h("button", { type: "button", class: "secondary", value: "cancel" }, "Annuleren");
    const ok = h("button", { type: "button", class: danger ? "danger" : null, value: "ok" }, confirm);
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": titleId, "aria-describedby": "confirm-text" },
      h("h2", { id: titleId }, title),
      h("div", { id: "confirm-text" }, Array.isArray(text) ? text.map((t) => h("p", {}, t)) : h("p", {}, text)),
      h("div", { class: "actions" }, ok, cancel),
    );
    let answer = false;
    ok.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (back && typeof back.focus === "function" && back.isConnected) back.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
