import { api, therapists, workflows } from "../api.js";
import { fmtDateTime, h, setMessage } from "../dom.js";
import { STEPS, humanize, statusLabel } from "../labels.js";
import { navigate } from "../nav.js";

const FILTERS = ["client_ref", "status", "profile", "therapist_id"];

function option(value, label, selected) {
  return h("option", { value, selected: value === selected }, label);
}

export async function renderList(main, ctx) {
  const params = new URLSearchParams(ctx.params[0] || "");
  const [profiles, team] = await Promise.all([workflows(), therapists()]);
  if (!ctx.isCurrent()) return;
  const names = new Map(team.map((t) => [t.id, t.naam]));

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
    profiles.map((p) => option(p.profile, humanize(p.profile), params.get("profile"))),
  );
  const therapist = h(
    "select",
    { id: "flt-therapist_id" },
    option("", "Alle therapeuten", params.get("therapist_id") || ""),
    team.map((t) => option(String(t.id), t.naam, params.get("therapist_id"))),
  );
  const filterForm = h(
    "form",
    { class: "filters card", role: "search", "aria-label": "Episodes filteren" },
    h("div", { class: "field" }, h("label", { for: "flt-client_ref" }, "Cliëntreferentie"), clientRef),
    h("div", { class: "field" }, h("label", { for: "flt-status" }, "Stap"), status),
    h("div", { class: "field" }, h("label", { for: "flt-profile" }, "Profiel"), profile),
    h("div", { class: "field" }, h("label", { for: "flt-therapist_id" }, "Therapeut"), therapist),
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

  const tbody = h("tbody", {});
  const count = h("p", { class: "muted", role: "status", "aria-live": "polite" });
  const msg = h("div", { hidden: true });
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Meer laden");
  const table = h(
    "table",
    { class: "list", id: "episode-list" },
    h("caption", { class: "visually-hidden" }, "Episodes"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Cliëntreferentie", "Profiel", "Stap", "Route", "Therapeut", "Bijgewerkt"].map((t) =>
          h("th", { scope: "col" }, t),
        ),
      ),
    ),
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
    more,
  );

  let cursor = null;
  let shown = 0;
  async function load() {
    more.disabled = true;
    const query = { limit: 25, cursor };
    for (const k of FILTERS) if (params.get(k)) query[k] = params.get(k);
    try {
      const { data } = await api("GET", "/v1/episodes", { query });
      if (!ctx.isCurrent()) return;
      for (const ep of data.items) {
        tbody.append(
          h(
            "tr",
            { "data-episode": ep.id },
            h("td", {}, h("a", { href: `#/episodes/${ep.id}` }, ep.client_ref)),
            h("td", {}, humanize(ep.profile)),
            h("td", {}, h("span", { class: `badge status-${ep.status}` }, statusLabel(ep.status))),
            h("td", {}, ep.route === "dto" ? "DTO" : "Verwijzing"),
            h("td", {}, names.get(ep.therapist_id) || `#${ep.therapist_id}`),
            h("td", {}, fmtDateTime(ep.updated_at)),
          ),
        );
      }
      shown += data.items.length;
      cursor = data.next_cursor;
      more.hidden = !cursor;
      count.textContent = shown === 0 ? "Geen episodes gevonden." : `${shown} episode(s) getoond${cursor ? "; er zijn er meer" : ""}.`;
    } catch (e) {
      if (e.status === 401) return;
      setMessage(msg, e.errors.length ? e.errors.map((x) => `${x.field}: ${x.message}`).join("; ") : e.message, "error");
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", load);
  await load();
}
