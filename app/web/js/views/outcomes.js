// The practice's outcomes (GET /v1/outcomes): per instrument the change of closed episodes,
// all profiles together and per profile, with the small groups suppressed. For the
// praktijkbeheerder; every member of the practice may open it, as the API allows.

import { api, instruments, workflows } from "../api.js";
import { distributionChart, mcidChange } from "../chart.js";
import { fmtDate, fmtNumber, fmtPercent, h, setMessage } from "../dom.js";
import { errorText, humanize } from "../labels.js";
import { navigate } from "../nav.js";

const FILTERS = ["instrument", "profile", "from", "to"];
const FIELD = { "query.instrument": "instrument", "query.profile": "profile", "query.from": "from", "query.to": "to" };
const LABEL = {
  instrument: "Meetinstrument",
  profile: "Profiel",
  from: "Afgesloten vanaf",
  to: "Afgesloten vóór",
};

function option(value, label, selected) {
  return h("option", { value, selected: value === selected }, label);
}

const profileLabel = (p) => (p === null ? "Alle profielen" : humanize(p));

function directionText(direction) {
  if (direction === "higher_is_worse") {
    return "Bij dit instrument is een lagere score beter: een negatieve verandering is een verbetering.";
  }
  if (direction === "higher_is_better") {
    return "Bij dit instrument is een hogere score beter: een positieve verandering is een verbetering.";
  }
  return "";
}

function mcidDetails(inst) {
  const at = mcidChange(inst.direction, inst.mcid);
  const body =
    at === null
      ? h("p", {}, "Voor dit instrument is geen MCID (minimaal klinisch relevant verschil) bekend; ‘% MCID bereikt’ blijft daarom leeg.")
      : h(
          "p",
          {},
          `Minimaal klinisch relevant verschil (MCID): een verbetering van ${fmtNumber(inst.mcid, { digits: 2 })} punten, `,
          `dus een verandering van ${fmtNumber(at, { digits: 2, sign: true })} of meer in de goede richting.`,
        );
  return h(
    "details",
    { class: "mcid-source" },
    h("summary", {}, at === null ? "Geen MCID bekend: toelichting" : `MCID: ${fmtNumber(inst.mcid, { digits: 2 })} punten, met bron`),
    body,
    h("p", { class: "small" }, h("strong", {}, at === null ? "Toelichting: " : "Bron: "), inst.mcid_reference),
  );
}

function groupRow(group, suppressBelow) {
  const th = h("th", { scope: "row" }, profileLabel(group.profile));
  if (group.suppressed) {
    return h(
      "tr",
      { class: "suppressed", "data-profile": group.profile ?? "" },
      th,
      h("td", { colspan: 5, class: "muted" }, `Minder dan ${suppressBelow} episodes: niet getoond`),
    );
  }
  const mcid =
    group.mcid_reached_share === null ? h("span", { class: "muted" }, "geen MCID") : fmtPercent(group.mcid_reached_share);
  return h(
    "tr",
    { "data-profile": group.profile ?? "" },
    th,
    h("td", { class: "num", "data-col": "episodes" }, String(group.episodes)),
    h("td", { class: "num", "data-col": "mean" }, fmtNumber(group.mean_change, { sign: true })),
    h("td", { class: "num", "data-col": "median" }, fmtNumber(group.median_change, { sign: true })),
    h("td", { class: "num", "data-col": "improved" }, fmtPercent(group.improved_share)),
    h("td", { class: "num", "data-col": "mcid" }, mcid),
  );
}

function instrumentCard(inst, suppressBelow) {
  const headingId = `outcome-${inst.instrument}-title`;
  const all = inst.groups.find((g) => g.profile === null);
  const chart =
    all && !all.suppressed && all.distribution.length
      ? distributionChart(inst, all)
      : h("p", { class: "muted chart-none" }, `Geen grafiek: minder dan ${suppressBelow} episodes over alle profielen.`);
  const table = h(
    "table",
    { class: "list outcome-table" },
    h("caption", {}, `${inst.name}: verandering per profiel`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Profiel", "Aantal episodes", "Gemiddelde verandering", "Mediaan", "% verbeterd", "% MCID bereikt"].map((t, i) =>
          h("th", { scope: "col", class: i ? "num" : null }, t),
        ),
      ),
    ),
    h("tbody", {}, inst.groups.map((g) => groupRow(g, suppressBelow))),
  );
  return h(
    "section",
    { class: "card outcome", "aria-labelledby": headingId, "data-instrument": inst.instrument },
    h("h2", { id: headingId }, inst.name),
    h("p", {}, "Verandering = eindmeting min beginmeting. ", directionText(inst.direction)),
    mcidDetails(inst),
    chart,
    h("div", { class: "table-wrap" }, table),
  );
}

function periodText(from, to) {
  if (from && to) return `Afgesloten van ${fmtDate(from)} tot (niet tot en met) ${fmtDate(to)}.`;
  if (from) return `Afgesloten op of na ${fmtDate(from)}.`;
  if (to) return `Afgesloten vóór ${fmtDate(to)}.`;
  return "Alle afgesloten episodes.";
}

export async function renderOutcomes(main, ctx) {
  const params = new URLSearchParams(ctx.params[0] || "");
  const [catalogue, profiles] = await Promise.all([instruments(), workflows()]);
  if (!ctx.isCurrent()) return;

  const controls = {
    instrument: h(
      "select",
      { id: "out-instrument" },
      option("", "Alle meetinstrumenten", params.get("instrument") || ""),
      catalogue.map((i) => option(i.code, i.name, params.get("instrument"))),
    ),
    profile: h(
      "select",
      { id: "out-profile" },
      option("", "Alle profielen", params.get("profile") || ""),
      profiles.map((p) => option(p.profile, humanize(p.profile), params.get("profile"))),
    ),
    from: h("input", { id: "out-from", type: "date", value: params.get("from") || "", "aria-describedby": "out-from-help" }),
    to: h("input", { id: "out-to", type: "date", value: params.get("to") || "", "aria-describedby": "out-to-help" }),
  };
  const errors = {};
  const field = (name, help) => {
    errors[name] = h("p", { class: "field-error", id: `out-${name}-err`, hidden: true });
    return h(
      "div",
      { class: "field", "data-field": name },
      h("label", { for: `out-${name}` }, LABEL[name]),
      controls[name],
      help ? h("p", { class: "help", id: `out-${name}-help` }, help) : null,
      errors[name],
    );
  };
  const form = h(
    "form",
    { class: "filters outcome-filters card", role: "search", "aria-label": "Uitkomsten filteren", novalidate: true },
    field("instrument"),
    field("profile"),
    field("from", "Op of na deze dag."),
    field("to", "Vóór deze dag (die dag telt niet mee)."),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Tonen"),
      h("button", { type: "button", class: "secondary", onclick: () => navigate("#/uitkomsten") }, "Wissen"),
    ),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const k of FILTERS) if (controls[k].value) q.set(k, controls[k].value);
    const s = q.toString();
    navigate(s ? `#/uitkomsten?${s}` : "#/uitkomsten");
  });

  const msg = h("div", { id: "outcomes-message", role: "alert", hidden: true });
  const status = h("p", { class: "muted", id: "outcomes-status", role: "status", "aria-live": "polite" });
  const results = h("div", { id: "outcomes" });
  main.append(
    h("h1", {}, "Uitkomsten van de praktijk"),
    h(
      "p",
      {},
      "Per meetinstrument: hoeveel de scores veranderden bij afgesloten episodes met een beginmeting en een eindmeting, ",
      "voor alle profielen samen en per profiel.",
    ),
    form,
    msg,
    status,
    results,
  );

  const query = {};
  for (const k of FILTERS) if (params.get(k)) query[k] = params.get(k);
  let data;
  try {
    ({ data } = await api("GET", "/v1/outcomes", { query }));
  } catch (e) {
    if (e.status === 401 || !ctx.isCurrent()) return;
    const listed = [];
    for (const err of e.errors) {
      const name = FIELD[err.field];
      const text = err.code === "period.empty" ? "Kies een dag na ‘Afgesloten vanaf’." : errorText(err);
      if (name) {
        errors[name].textContent = text;
        errors[name].hidden = false;
        controls[name].setAttribute("aria-invalid", "true");
        const help = controls[name].getAttribute("aria-describedby");
        controls[name].setAttribute("aria-describedby", help ? `${help} out-${name}-err` : `out-${name}-err`);
      }
      listed.push(h("li", {}, `${name ? LABEL[name] : "Filter"}: ${text}`));
    }
    const head = e.errors.length ? "De filters kloppen niet:" : e.message;
    setMessage(msg, e.errors.length ? [head, h("ul", {}, listed)] : head, "error");
    return;
  }
  if (!ctx.isCurrent()) return;

  const chosen = catalogue.find((i) => i.code === params.get("instrument"));
  const n = data.instruments.length;
  status.textContent = `${periodText(data.from, data.to)} ${
    n === 0 ? "" : `${n} ${n === 1 ? "meetinstrument" : "meetinstrumenten"} met uitkomsten.`
  } Groepen van minder dan ${data.suppress_below} episodes worden niet getoond.`;
  if (n === 0) {
    results.append(
      h(
        "div",
        { class: "card empty", id: "outcomes-empty" },
        h("h2", {}, "Nog geen uitkomsten"),
        h(
          "p",
          {},
          chosen
            ? `Er zijn in deze selectie geen afgesloten episodes met een begin- en eindmeting van de ${chosen.name}.`
            : "Er zijn in deze selectie geen afgesloten episodes met een begin- en eindmeting.",
          " Uitkomsten verschijnen zodra episodes met beide metingen zijn afgesloten; kies eventueel een ruimere periode of een ander profiel.",
        ),
      ),
    );
    return;
  }
  results.append(...data.instruments.map((inst) => instrumentCard(inst, data.suppress_below)));
}
