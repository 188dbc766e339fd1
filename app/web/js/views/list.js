// The episode list: the most recent first, each with its step and what it waits on (the open
// requirements of the step's forward trigger, `waiting_on` of GET /v1/episodes?waiting=true).
// On a phone the rows are stacked, each cell with its column's name.

import { api, therapists, workflow, workflows } from "../api.js";
import { fmtDayTime, h, setMessage } from "../dom.js";
import { ROUTE_LABEL, STEPS, clinicianText, humanize, statusLabel } from "../labels.js";
import { navigate } from "../nav.js";
import { fieldTitle } from "../schema-form.js";

const FILTERS = ["client_ref", "status", "profile", "therapist_id"];

function option(value, label, selected) {
  return h("option", { value, selected: value === selected }, label);
}

/**
 * What an episode waits on, in a few words: the titles of the fields its open requirements name
 * ("hulpvraag, rode vlaggen"), else their messages; an empty list: it can go on.
 */
export function waitingText(items, wf) {
  if (!Array.isArray(items)) return null;
  if (!items.length) return "Klaar voor de volgende stap";
  const words = [];
  for (const u of items) {
    const [stepName, ...rest] = String(u.field || "").split(".");
    const step = wf?.steps.find((s) => s.name === stepName);
    let word = null;
    if (step && rest.length) {
      const path = rest.join(".");
      const app = (step.appendices || []).find((a) => a.path === path || a.name === path);
      word = app ? humanize(app.path).toLowerCase() : fieldTitle(step.form_schema, path)?.toLowerCase() || null;
    } else if (stepName === "metingen") {
      word = "beginmeting";
    } else if (stepName === "berichten" || stepName === "toestemmingen") {
      word = "bericht of toestemming";
    }
    word = word || clinicianText(u.message).replace(/\.$/, "");
    if (!words.includes(word)) words.push(word);
  }
  return `Wacht op: ${words.join(", ")}`;
}

export async function renderList(main, ctx) {
  const params = new URLSearchParams(ctx.params[0] || "");
  const [profiles, team] = await Promise.all([workflows(), therapists()]);
  if (!ctx.isCurrent()) return;
  const names = new Map(team.map((t) => [t.id, t.naam]));
  const profileTitle = new Map(profiles.map((p) => [p.profile, p.title || humanize(p.profile)]));

  const clientRef = h("input", { id: "flt-client_ref", type: "search", value: params.get("client_ref") || "" });
  const status = h(
    "select",
    { id: "flt-status" },
    option("", "Alle stappen", params.get("status") || ""),
    [...STEPS, "afgesloten"].map((s) => option(s, statusLabel(s), params.get("status"))),
  );
  const profile = h(
    "select",
    { id: "flt-profile" },
    option("", "Alle profielen", params.get("profile") || ""),
    profiles.map((p) => option(p.profile, profileTitle.get(p.profile), params.get("profile"))),
  );
  const therapist = h(
    "select",
    { id: "flt-therapist_id" },
    option("", "Alle therapeuten", params.get("therapist_id") || ""),
    team.map((t) => option(String(t.id), t.naam, params.get("therapist_id"))),
  );
  // On a phone the list comes first: the filters other than the reference fold away (open
  // when one of them is in use).
  const more = [status, profile, therapist].some((x) => x.value) || window.matchMedia("(min-width: 700px)").matches;
  const filterForm = h(
    "form",
    { class: "filters card", role: "search", "aria-label": "Episodes filteren" },
    h("div", { class: "field" }, h("label", { for: "flt-client_ref" }, "Cliëntreferentie"), clientRef),
    h(
      "details",
      { class: "more-filters", open: more },
      h("summary", {}, "Meer filters: stap, profiel, therapeut"),
      h(
        "div",
        { class: "more-filters-grid" },
        h("div", { class: "field" }, h("label", { for: "flt-status" }, "Stap"), status),
        h("div", { class: "field" }, h("label", { for: "flt-profile" }, "Profiel"), profile),
        h("div", { class: "field" }, h("label", { for: "flt-therapist_id" }, "Therapeut"), therapist),
      ),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Zoeken"),
      h("button", { type: "button", class: "secondary", onclick: () => navigate("#/episodes") }, "Wissen"),
    ),
  );
  filterForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    const vals = { client_ref: clientRef.value.trim(), status: status.value, profile: profile.value, therapist_id: therapist.value };
    for (const k of FILTERS) if (vals[k]) q.set(k, vals[k]);
    const s = q.toString();
    navigate(s ? `#/episodes?${s}` : "#/episodes");
  });

  const COLUMNS = ["Cliëntreferentie", "Stap", "Verder", "Profiel", "Therapeut", "Bijgewerkt"];
  const tbody = h("tbody", {});
  const count = h("p", { class: "muted", role: "status", "aria-live": "polite" });
  const msg = h("div", { hidden: true });
  const moreButton = h("button", { type: "button", class: "secondary", hidden: true }, "Meer laden");
  const table = h(
    "table",
    { class: "list stack episode-table", id: "episode-list" },
    h("caption", { class: "visually-hidden" }, "Episodes, de laatst aangemaakte eerst"),
    h("thead", {}, h("tr", {}, COLUMNS.map((t) => h("th", { scope: "col" }, t)))),
    tbody,
  );
  main.append(
    h(
      "div",
      { class: "title-row" },
      h("h1", {}, "Episodes"),
      h("a", { class: "button", href: "#/episodes/new" }, "Nieuwe episode"),
    ),
    filterForm,
    msg,
    h("div", { class: "table-wrap" }, table),
    count,
    moreButton,
  );

  let cursor = null;
  let shown = 0;
  async function load() {
    moreButton.disabled = true;
    const query = { limit: 25, cursor, order: "desc", waiting: "true" };
    for (const k of FILTERS) if (params.get(k)) query[k] = params.get(k);
    try {
      const { data } = await api("GET", "/v1/episodes", { query });
      // The definitions these episodes follow, for the titles of their steps and fields.
      const defs = new Map();
      await Promise.all(
        [...new Set(data.items.map((ep) => ep.definition_version))].map(async (key) => {
          defs.set(key, await workflow(key));
        }),
      );
      if (!ctx.isCurrent()) return;
      for (const ep of data.items) {
        const wf = defs.get(ep.definition_version);
        const stepTitle = wf?.steps.find((s) => s.name === ep.status)?.title || statusLabel(ep.status);
        const waiting = ep.status === "afgesloten" ? "Afgesloten" : waitingText(ep.waiting_on, wf);
        const cell = (label, ...content) => h("td", { "data-label": label }, ...content);
        tbody.append(
          h(
            "tr",
            { "data-episode": ep.id },
            cell("Cliënt", h("a", { href: `#/episodes/${ep.id}` }, ep.client_ref)),
            cell(COLUMNS[1], h("span", { class: `badge status-${ep.status}` }, stepTitle)),
            cell(
              COLUMNS[2],
              h(
                "span",
                { class: `waiting ${ep.waiting_on && !ep.waiting_on.length ? "waiting-ready" : ""}`.trim() },
                waiting ?? "—",
              ),
            ),
            cell(
              COLUMNS[3],
              `${profileTitle.get(ep.profile) || humanize(ep.profile)}, ${ep.route === "dto" ? "DTO" : (ROUTE_LABEL[ep.route] || humanize(ep.route)).toLowerCase()}`,
            ),
            cell(COLUMNS[4], names.get(ep.therapist_id) || "onbekend"),
            cell(COLUMNS[5], fmtDayTime(ep.updated_at)),
          ),
        );
      }
      shown += data.items.length;
      cursor = data.next_cursor;
      moreButton.hidden = !cursor;
      count.textContent = shown === 0 ? "Geen episodes gevonden." : `${shown} episode(s) getoond${cursor ? "; er zijn er meer" : ""}.`;
    } catch (e) {
      if (e.status === 401) return;
      setMessage(msg, e.errors.length ? e.errors.map((x) => `${x.field}: ${x.message}`).join("; ") : e.message, "error");
    } finally {
      moreButton.disabled = false;
    }
  }
  moreButton.addEventListener("click", load);
  await load();
}
