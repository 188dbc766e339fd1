// The shell: hash routing, the header, sign-in state, flash messages.

import { api, clearCache, onUnauthorized, session } from "./api.js";
import { setMessage } from "./dom.js";
import { renderEpisode } from "./views/episode.js";
import { renderClientgegevens } from "./views/clientgegevens.js";
import { focusPendingField } from "./views/episode-parts.js";
import { renderOverdracht } from "./views/overdracht.js";
import { renderVersies } from "./views/versies.js";
import { renderList } from "./views/list.js";
import { renderLogin } from "./views/login.js";
import { renderNewEpisode } from "./views/new-episode.js";
import { renderOutcomes } from "./views/outcomes.js";
import { renderTotp } from "./views/totp.js";
import { isAdmin } from "./admin.js";
import { renderAccessLog } from "./views/access-log.js";
import { renderAccount } from "./views/account.js";
import { renderIntegrations } from "./views/integrations.js";
import { renderPractice } from "./views/practice.js";
import { renderNewTherapist, renderTherapist, renderTherapists } from "./views/therapists.js";
import { flash, navigate, takeFlash } from "./nav.js";

const main = document.getElementById("main");
const flashEl = document.getElementById("flash");
let renderSeq = 0;

onUnauthorized(
  () => {
    flash("Je bent niet (meer) ingelogd. Log opnieuw in.", "warning");
    navigate("#/login");
  },
  () => {
    flash("Je praktijk vraagt nu bij het inloggen ook een code uit een authenticator-app.", "warning");
    navigate("#/totp");
  },
);

const routes = [
  [/^#\/login$/, renderLogin, false],
  [/^#\/totp$/, renderTotp, true],
  [/^#\/episodes\/new$/, renderNewEpisode, true],
  [/^#\/episodes\/(\d+)$/, renderEpisode, true],
  [/^#\/episodes\/(\d+)\/overdracht$/, renderOverdracht, true],
  [/^#\/episodes\/(\d+)\/client$/, renderClientgegevens, true],
  [/^#\/episodes\/(\d+)\/versies\/([a-z_]+)$/, renderVersies, true],
  [/^#\/episodes(?:\?(.*))?$/, renderList, true],
  [/^#\/uitkomsten(?:\?(.*))?$/, renderOutcomes, true],
  [/^#\/account$/, renderAccount, true],
  [/^#\/therapeuten$/, renderTherapists, true],
  [/^#\/therapeuten\/nieuw$/, renderNewTherapist, true],
  [/^#\/therapeuten\/(\d+)$/, renderTherapist, true],
  [/^#\/koppelingen$/, renderIntegrations, true],
  [/^#\/toegangslog(?:\?(.*))?$/, renderAccessLog, true],
  [/^#\/praktijk$/, renderPractice, true],
];

function updateHeader() {
  const me = session.me;
  const full = Boolean(me) && me.access === "full";
  document.getElementById("nav").hidden = !full;
  document.getElementById("user").hidden = !me;
  document.getElementById("user-name").textContent = me ? me.naam : "";
  document.getElementById("totp-link").hidden = !full || me.kind !== "therapist" || me.totp_enrolled;
  // The administration screens only in the menu of a praktijkbeheerder (the API refuses others).
  document.getElementById("nav-admin").hidden = !full || !isAdmin(me);
  // The menu item of this page (the longest that matches: "Nieuwe episode" over "Episodes").
  const path = (location.hash || "#/episodes").split("?")[0];
  const links = [...document.querySelectorAll("#nav a")];
  const here = links
    .filter((a) => path === a.getAttribute("href") || path.startsWith(`${a.getAttribute("href")}/`))
    .sort((a, b) => b.getAttribute("href").length - a.getAttribute("href").length)[0];
  for (const a of links) {
    if (a === here) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function route() {
  // An in-page anchor (the skip link's #main) is not a route: leave the view as it is.
  if (location.hash && !location.hash.startsWith("#/") && renderSeq > 0) return;
  const seq = ++renderSeq;
  const hash = location.hash || "#/episodes";
  let match = null;
  let view = null;
  let needsAuth = true;
  for (const [re, fn, auth] of routes) {
    match = hash.match(re);
    if (match) {
      view = fn;
      needsAuth = auth;
      break;
    }
  }
  if (!view) {
    navigate("#/episodes");
    return;
  }
  if (needsAuth && !session.token) {
    navigate("#/login");
    return;
  }
  if (needsAuth && !session.me) {
    try {
      session.me = (await api("GET", "/v1/me")).data;
    } catch {
      return; // 401 already went to the login page
    }
  }
  if (seq !== renderSeq) return;
  if (needsAuth && session.me.access !== "full" && view !== renderTotp) {
    navigate("#/totp"); // a token that serves only to set up two-factor login
    return;
  }
  updateHeader();
  const f = takeFlash();
  setMessage(flashEl, f ? f.text : "", f ? f.kind : "info");
  main.replaceChildren();
  const ctx = { isCurrent: () => seq === renderSeq, params: match.slice(1), main };
  try {
    await view(main, ctx);
  } catch (e) {
    if (!ctx.isCurrent() || e.status === 401) return;
    main.replaceChildren();
    const p = document.createElement("p");
    setMessage(p, `Er ging iets mis: ${e.message}`, "error");
    main.append(p);
  }
  if (ctx.isCurrent()) {
    const h1 = main.querySelector("h1");
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: false });
      document.title = `${h1.textContent} — methodisch`;
    }
    focusPendingField(main); // from an open requirement to its field (views/episode-parts.js)
  }
}

document.getElementById("logout").addEventListener("click", async () => {
  try {
    await api("POST", "/v1/auth/logout");
  } catch {
    // the token may have expired already; signing out locally is what matters
  }
  session.clear();
  clearCache();
  updateHeader();
  flash("Je bent uitgelogd.");
  navigate("#/login");
});

window.addEventListener("hashchange", route);
route();
