// Toegangslog (#/toegangslog), for the praktijkbeheerder: who saw or changed which client's data,
// when, and with what outcome (NEN 7513; GET /v1/audit), filtered by client and period, paged by
// cursor, and exported as CSV or JSON with the same filters. The export is fetched with the
// bearer token and offered as a download: a plain link cannot send the Authorization header.

import { ApiError, api, apiDocument } from "../api.js";
import { refusedByApi, requireAdmin } from "../admin.js";
import { fmtDay, fmtMoment, h, setMessage, today } from "../dom.js";
import { errorText, humanize } from "../labels.js";
import { navigate } from "../nav.js";

const TITLE = "Toegangslog";
const PAGE = 25;
const FILTERS = ["client_ref", "from", "to"];
const LABEL = { client_ref: "Cliëntreferentie", from: "Vanaf", to: "Tot en met" };
const FIELD = { "query.client_ref": "client_ref", "query.from": "from", "query.to": "to" };

const ACTION_LABEL = {
  read: "Inzien",
  create: "Aanmaken",
  update: "Wijzigen",
  transition: "Stap",
  export: "Export",
  delete: "Verwijderen",
};

const OUTCOME_WORD = {
  200: "gelukt",
  201: "aangemaakt",
  204: "gelukt",
  304: "niet gewijzigd",
  400: "ongeldig verzoek",
  401: "niet ingelogd",
  403: "geweigerd",
  404: "niet gevonden",
  405: "niet toegestaan",
  409: "niet toegestaan in deze stap",
  412: "elders gewijzigd",
  413: "te groot",
  415: "verkeerd formaat",
  422: "ongeldige invoer",
  428: "versie ontbreekt",
  429: "te veel verzoeken",
  500: "serverfout",
  503: "niet beschikbaar",
};

/** What was touched, from the route template of the request ("GET /v1/episodes/{episode_id}"). */
const WHAT = [
  [/^POST \/v1\/episodes$/, "Nieuwe episode"],
  [/^\S+ \/v1\/episodes$/, "Lijst van episodes"],
  [/\/transitions$/, "Stap in het proces"],
  [/\/records\/\{step\}\/correcties$/, "Correctie van een formulier"],
  [/\/records\/\{step\}\/versions$/, "Eerdere versies van een formulier"],
  [/\/records\/\{step\}$/, "Formulier van een stap"],
  [/\/sessies$/, "Sessies"],
  [/\/contacten$/, "Contacten"],
  [/\/toestemmingen$/, "Toestemmingen"],
  [/\/berichten\/\{bericht_id\}\/verzonden$/, "Bericht als verzonden gemarkeerd"],
  [/\/berichten/, "Berichten"],
  [/\/measurements/, "Metingen"],
  [/\/events$/, "Geschiedenis"],
  [/\/inzage$/, "Inzage: kopie voor de cliënt"],
  [/\/fhir$/, "Episode als FHIR-bestand"],
  [/\/client$/, "Cliëntgegevens"],
  [/\/handover$/, "Overdracht"],
  [/^\S+ \/v1\/episodes\/\{episode_id\}$/, "Episode"],
  [/\/v1\/changes/, "Wijzigingen (voor het EPD)"],
  [/\/v1\/exports/, "Uitkomstdata voor de LDO"],
  [/\/v1\/audit\/export/, "Export van de toegangslog"],
  [/\/v1\/audit/, "Toegangslog"],
  [/\/v1\/practice$/, "Instellingen van de praktijk"],
  [/\/v1\/therapists\/\{therapist_id\}\/totp$/, "Inloggen met een code van een therapeut"],
  [/\/v1\/therapists/, "Account van een therapeut"],
  [/\/v1\/api-clients/, "Koppeling met het EPD"],
  [/\/v1\/tokens/, "Token"],
  [/\/v1\/me\/password$/, "Eigen wachtwoord"],
  [/\/v1\/me\/totp/, "Eigen inloggen met een code"],
];

const whatOf = (resource) => (WHAT.find(([re]) => re.test(resource || "")) || [null, "Overige gegevens"])[1];

function outcomeText(status) {
  const word =
    OUTCOME_WORD[status] || (status < 300 ? "gelukt" : status < 500 ? "geweigerd" : "serverfout");
  return `${status} ${word}`;
}

function who(row) {
  if (row.actor_type === "therapist") return row.actor_name || "Therapeut";
  if (row.actor_type === "api_client") {
    const epd = `${row.actor_name || "Koppeling"} (EPD)`;
    const user = row.acting_user_name || (row.acting_user_id ? `gebruiker ${row.acting_user_id}` : "");
    return user ? [epd, h("br", {}), h("span", { class: "small" }, `namens ${user}`)] : epd;
  }
  return "Niet ingelogd";
}

/** A day picked in the browser as the moment its local midnight starts, for the API (UTC). */
function startOfDay(isoDay, plusDays = 0) {
  const [y, m, d] = isoDay.split("-").map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The API's filters for what the page shows: "tot en met" a day is before the next one. */
function apiQuery(params) {
  const q = {};
  if (params.get("client_ref")) q.client_ref = params.get("client_ref");
  if (params.get("from")) q.from = startOfDay(params.get("from"));
  if (params.get("to")) q.to = startOfDay(params.get("to"), 1);
  return q;
}

function periodText(params) {
  const from = params.get("from");
  const to = params.get("to");
  const client = params.get("client_ref");
  const parts = [];
  if (client) parts.push(`cliënt ${client}`);
  if (from && to) parts.push(`van ${fmtDay(from)} tot en met ${fmtDay(to)}`);
  else if (from) parts.push(`vanaf ${fmtDay(from)}`);
  else if (to) parts.push(`tot en met ${fmtDay(to)}`);
  return parts.length ? `Getoond: ${parts.join(", ")}.` : "Alle toegang, oudste eerst.";
}

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function renderAccessLog(main, ctx) {
  if (!requireAdmin(main, TITLE)) return;
  const params = new URLSearchParams(ctx.params[0] || "");
  const controls = {
    client_ref: h("input", { type: "search", value: params.get("client_ref") || "", maxlength: 64, autocomplete: "off" }),
    from: h("input", { type: "date", value: params.get("from") || "" }),
    to: h("input", { type: "date", value: params.get("to") || "" }),
  };
  const errors = {};
  const field = (name, help) => {
    const id = `log-${name}`;
    controls[name].id = id;
    if (help) controls[name].setAttribute("aria-describedby", `${id}-help`);
    errors[name] = h("p", { class: "field-error", id: `${id}-err`, hidden: true });
    return h(
      "div",
      { class: "field", "data-field": name },
      h("label", { for: id }, LABEL[name]),
      controls[name],
      help ? h("p", { class: "help", id: `${id}-help` }, help) : null,
      errors[name],
    );
  };
  const showFieldErrors = (list) => {
    const items = [];
    for (const { name, text } of list) {
      if (name) {
        errors[name].textContent = text;
        errors[name].hidden = false;
        controls[name].setAttribute("aria-invalid", "true");
        const ids = (controls[name].getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        controls[name].setAttribute("aria-describedby", [...ids, `log-${name}-err`].join(" "));
      }
      items.push(h("li", {}, `${name ? LABEL[name] : "Filter"}: ${text}`));
    }
    setMessage(msg, ["De filters kloppen niet:", h("ul", {}, items)], "error");
  };

  const form = h(
    "form",
    { class: "filters log-filters card", role: "search", "aria-label": "Toegangslog filteren", novalidate: true },
    field("client_ref", "De referentie uit het EPD, precies zoals vastgelegd."),
    field("from", "Vanaf het begin van deze dag."),
    field("to", "Tot en met het einde van deze dag."),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Tonen"),
      h("button", { type: "button", class: "secondary", onclick: () => navigate("#/toegangslog") }, "Wissen"),
    ),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const from = controls.from.value;
    const to = controls.to.value;
    if (from && to && to < from) {
      showFieldErrors([{ name: "to", text: "Kies een dag op of na ‘Vanaf’." }]);
      controls.to.focus();
      return;
    }
    const q = new URLSearchParams();
    const vals = { client_ref: controls.client_ref.value.trim(), from, to };
    for (const k of FILTERS) if (vals[k]) q.set(k, vals[k]);
    const s = q.toString();
    navigate(s ? `#/toegangslog?${s}` : "#/toegangslog");
  });

  const msg = h("div", { id: "log-message", role: "alert", hidden: true });
  const exportStatus = h("p", { class: "muted", id: "export-status", role: "status" });
  const exportButton = (format, label) =>
    h("button", { type: "button", class: "secondary", "data-format": format, onclick: (ev) => exportAs(format, ev.currentTarget) }, label);
  const tbody = h("tbody", {});
  const count = h("p", { class: "muted", id: "log-count", role: "status", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "secondary", id: "log-more", hidden: true }, "Meer laden");
  const table = h(
    "table",
    { class: "list stack log-table", id: "access-log" },
    h("caption", { class: "visually-hidden" }, "Toegangslog, oudste eerst"),
    h(
      "thead",
      {},
      h("tr", {}, ["Wanneer", "Wie", "Cliënt", "Episode", "Actie", "Wat", "Uitkomst"].map((t) => h("th", { scope: "col" }, t))),
    ),
    tbody,
  );

  async function exportAs(format, button) {
    const query = { ...apiQuery(params), format };
    const name = `toegangslog${params.get("client_ref") ? `-${params.get("client_ref")}` : ""}-${today()}.${format}`;
    button.disabled = true;
    exportStatus.textContent = "Export wordt gemaakt…";
    try {
      const blob = await apiDocument(`/v1/audit/export?${new URLSearchParams(query)}`, format === "csv" ? "text/csv" : "application/json");
      if (!ctx.isCurrent()) return;
      saveBlob(blob, name);
      exportStatus.textContent = `Gedownload: ${name}.`;
    } catch (e) {
      if (e.status === 401 || !ctx.isCurrent()) return;
      exportStatus.textContent = "";
      if (e.status === 403) {
        await refusedByApi(main, TITLE);
        return;
      }
      setMessage(msg, `Exporteren lukte niet: ${e.message}`, "error");
    } finally {
      button.disabled = false;
    }
  }

  main.append(
    h("h1", {}, TITLE),
    h(
      "p",
      {},
      "Wie wanneer gegevens van welke cliënt inzag, aanmaakte, wijzigde of exporteerde, en met welke uitkomst (NEN 7513). ",
      "Ook elke keer dat iemand deze log inziet staat erin, en elke wijziging van wie wat mag: de praktijk, therapeuten, koppelingen en tokens.",
    ),
    form,
    msg,
    h(
      "div",
      { class: "export-row" },
      h("span", { class: "export-label", id: "export-label" }, "Exporteren met deze filters:"),
      h("div", { class: "row-actions", role: "group", "aria-labelledby": "export-label" }, exportButton("csv", "Exporteren als CSV"), exportButton("json", "Exporteren als JSON")),
    ),
    exportStatus,
    h("p", { class: "muted", id: "log-period" }, periodText(params)),
    h("div", { class: "table-wrap" }, table),
    count,
    more,
  );

  let cursor = null;
  let shown = 0;
  async function load() {
    more.disabled = true;
    try {
      const { data } = await api("GET", "/v1/audit", { query: { ...apiQuery(params), limit: PAGE, cursor } });
      if (!ctx.isCurrent()) return;
      for (const row of data.items) {
        const ok = row.outcome < 400;
        tbody.append(
          h(
            "tr",
            { "data-event": row.id },
            h("td", { "data-label": "Wanneer" }, h("time", { datetime: row.at }, fmtMoment(row.at))),
            h("td", { "data-label": "Wie" }, who(row)),
            h("td", { "data-label": "Cliënt" }, row.client_ref || h("span", { class: "muted" }, "—")),
            h(
              "td",
              { "data-label": "Episode" },
              row.episode_id ? h("a", { href: `#/episodes/${row.episode_id}` }, `Episode ${row.episode_id}`) : h("span", { class: "muted" }, "—"),
            ),
            h("td", { "data-label": "Actie" }, ACTION_LABEL[row.action] || humanize(row.action)),
            h("td", { "data-label": "Wat" }, whatOf(row.resource)),
            h("td", { "data-label": "Uitkomst" }, h("span", { class: ok ? "badge outcome-ok" : "badge outcome-refused" }, outcomeText(row.outcome))),
          ),
        );
      }
      shown += data.items.length;
      cursor = data.next_cursor;
      more.hidden = !cursor;
      count.textContent =
        shown === 0 ? "Geen toegang gevonden met deze filters." : `${shown} regel(s) getoond${cursor ? "; er zijn er meer" : ""}.`;
    } catch (e) {
      if (e.status === 401 || !ctx.isCurrent()) return;
      if (e.status === 403) {
        await refusedByApi(main, TITLE);
        return;
      }
      if (e instanceof ApiError && e.errors.length) {
        showFieldErrors(e.errors.map((err) => ({ name: FIELD[err.field], text: errorText(err) })));
      } else {
        setMessage(msg, e.message, "error");
      }
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", async () => {
    const before = shown;
    await load();
    // Keyboard users continue where the new rows start.
    const first = tbody.children[before];
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  });
  await load();
}
