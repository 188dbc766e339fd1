// Koppelingen (#/koppelingen), for the praktijkbeheerder: the practice's EPD integrations, adding
// one, making a token for it (shown once, with a copy button), and the practice's tokens with
// whose they are, when made, when they expire, and revoking one (after a confirmation).

import { api, session } from "../api.js";
import { allTherapists, confirmDialog, loadForAdmin } from "../admin.js";
import { fmtDay, fmtMoment, h, setMessage } from "../dom.js";
import { clearErrors, errorSummary, fieldWrap, showErrors } from "../schema-form.js";

const TITLE = "Koppelingen met het EPD";

// The token this browser is logged in with (GET /v1/me names it).
const isOwn = (t) => Boolean(session.me) && t.id === session.me.token_id;

function tokenState(t) {
  if (t.revoked_at) return { key: "revoked", text: `Ingetrokken op ${fmtMoment(t.revoked_at)}` };
  if (new Date(t.expires_at) <= new Date()) return { key: "expired", text: "Verlopen" };
  return { key: "active", text: "Actief" };
}

class IntegrationsPage {
  constructor(main, ctx) {
    this.main = main;
    this.ctx = ctx;
    this.clients = [];
    this.tokens = [];
    this.names = new Map();
    this.alert = h("div", { id: "koppeling-alert", tabindex: "-1", hidden: true });
    this.clientBody = h("tbody", {});
    this.tokenBody = h("tbody", {});
    this.clientSelect = h("select", {});
    this.tokenCount = h("p", { class: "muted", id: "token-count" });
    this.newToken = h("section", { class: "card new-token", id: "new-token", "aria-labelledby": "new-token-title", hidden: true });
    this.showSessions = h("input", { type: "checkbox" });
    this.showSessions.addEventListener("change", () => this.renderTokens());
  }

  say(text, kind = "success") {
    this.alert.setAttribute("role", kind === "error" ? "alert" : "status");
    setMessage(this.alert, text, kind);
  }

  async load() {
    const [clients, tokens, team] = await Promise.all([
      api("GET", "/v1/api-clients"),
      api("GET", "/v1/tokens"),
      allTherapists(),
    ]);
    this.clients = clients.data;
    this.tokens = tokens.data;
    this.names = new Map(team.map((t) => [t.id, t.naam]));
  }

  async start() {
    if (!(await loadForAdmin(this.main, TITLE, () => this.load()))) return;
    if (!this.ctx.isCurrent()) return;
    this.main.append(
      h("h1", {}, TITLE),
      h(
        "p",
        {},
        "Met een koppeling werkt het elektronisch patiëntendossier (EPD) van de praktijk rechtstreeks met methodisch. ",
        "Het EPD logt in met een token dat je hier maakt; intrekken kan altijd.",
      ),
      this.alert,
      this.clientsSection(),
      this.tokenForm(),
      this.newToken,
      this.tokensSection(),
    );
    this.renderClients();
    this.renderTokens();
  }

  // ---------- integrations ----------

  clientsSection() {
    const naam = h("input", { type: "text", autocomplete: "off", maxlength: 200, required: true });
    const summary = h("div", {});
    const add = h(
      "form",
      { class: "add-client", novalidate: true, id: "client-form", "aria-labelledby": "client-form-title" },
      h("h3", { id: "client-form-title" }, "Koppeling toevoegen"),
      summary,
      fieldWrap({
        id: "client-naam",
        path: "naam",
        label: "Naam van de koppeling",
        required: true,
        control: naam,
        description: "Bijvoorbeeld de naam van het EPD, zodat je de koppeling in de toegangslog herkent.",
      }),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Koppeling toevoegen")),
    );
    add.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clearErrors(add);
      summary.replaceChildren();
      const value = naam.value.trim();
      const fail = (errors) => {
        const box = errorSummary("De koppeling is niet toegevoegd. Controleer:", showErrors(add, errors));
        summary.replaceChildren(box);
        box.focus();
      };
      if (!value) {
        fail([{ field: "naam", code: "value_error", message: "Vul een naam in." }]);
        return;
      }
      try {
        const { data } = await api("POST", "/v1/api-clients", { body: { naam: value } });
        naam.value = "";
        await this.reload();
        this.clientSelect.value = String(data.id);
        this.say(`Koppeling ${data.naam} is toegevoegd. Maak hieronder een token voor het EPD.`);
        this.alert.focus();
      } catch (e) {
        if (e.status === 401 || !this.ctx.isCurrent()) return;
        if (e.status === 422 && e.errors.length) fail(e.errors);
        else {
          this.say(e.message, "error");
          this.alert.focus();
        }
      }
    });
    return h(
      "section",
      { class: "card", "aria-labelledby": "clients-title", id: "clients" },
      h("h2", { id: "clients-title" }, "Koppelingen"),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "list stack", id: "client-list" },
          h("caption", { class: "visually-hidden" }, "Koppelingen van de praktijk"),
          h("thead", {}, h("tr", {}, ["Naam", "Status", "Toegevoegd", "Actie"].map((t) => h("th", { scope: "col" }, t)))),
          this.clientBody,
        ),
      ),
      add,
    );
  }

  renderClients() {
    if (!this.clients.length) {
      this.clientBody.replaceChildren(h("tr", {}, h("td", { colspan: 4, class: "muted" }, "Nog geen koppelingen.")));
    } else {
      this.clientBody.replaceChildren(
        ...this.clients.map((c) =>
          h(
            "tr",
            { "data-client": c.id, class: c.active ? null : "inactive" },
            h("td", { "data-label": "Naam" }, c.naam),
            h(
              "td",
              { "data-label": "Status" },
              h("span", { class: c.active ? "badge state-on" : "badge state-off" }, c.active ? "Actief" : "Gedeactiveerd"),
            ),
            h("td", { "data-label": "Toegevoegd" }, fmtDay(c.created_at)),
            h(
              "td",
              { "data-label": "Actie" },
              c.active
                ? h(
                    "button",
                    { type: "button", class: "secondary small", onclick: () => this.deactivate(c) },
                    "Deactiveren",
                    h("span", { class: "visually-hidden" }, ` (${c.naam})`),
                  )
                : h("span", { class: "muted" }, "—"),
            ),
          ),
        ),
      );
    }
    const chosen = this.clientSelect.value;
    const active = this.clients.filter((c) => c.active);
    this.clientSelect.replaceChildren(
      ...(active.length ? [] : [h("option", { value: "" }, "Voeg eerst een koppeling toe")]),
      ...active.map((c) => h("option", { value: String(c.id) }, c.naam)),
    );
    if (active.some((c) => String(c.id) === chosen)) this.clientSelect.value = chosen;
    this.makeButton.disabled = !active.length;
  }

  async deactivate(c) {
    const ok = await confirmDialog({
      title: `Koppeling ${c.naam} deactiveren?`,
      text: [
        "Alle tokens van deze koppeling worden ingetrokken: het EPD kan daarna niets meer in methodisch.",
        "Dit kun je niet ongedaan maken; voor een nieuwe verbinding voeg je een nieuwe koppeling toe.",
      ],
      confirm: "Deactiveren",
    });
    if (!ok) return;
    try {
      await api("DELETE", `/v1/api-clients/${c.id}`);
      await this.reload();
      this.say(`Koppeling ${c.naam} is gedeactiveerd; haar tokens zijn ingetrokken.`);
      this.alert.focus();
    } catch (e) {
      if (e.status === 401 || !this.ctx.isCurrent()) return;
      this.say(e.message, "error");
      this.alert.focus();
    }
  }

  // ---------- a new token ----------

  tokenForm() {
    const days = h("input", { type: "number", min: 1, max: 366, step: 1, value: "90", inputmode: "numeric" });
    const summary = h("div", {});
    this.makeButton = h("button", { type: "submit" }, "Token maken");
    const form = h(
      "form",
      { class: "card", novalidate: true, id: "token-form", "aria-labelledby": "token-form-title" },
      h("h2", { id: "token-form-title" }, "Token maken"),
      h("p", {}, "Het EPD gebruikt het token om namens de praktijk in te loggen. Je ziet het token één keer."),
      summary,
      h(
        "div",
        { class: "grid2" },
        fieldWrap({ id: "token-client", path: "client", label: "Koppeling", required: true, control: this.clientSelect }),
        fieldWrap({
          id: "token-days",
          path: "days",
          label: "Geldig (dagen)",
          required: true,
          control: days,
          description: "1 tot en met 366 dagen. Zet een herinnering om op tijd een nieuw token te maken.",
        }),
      ),
      h("div", { class: "actions" }, this.makeButton),
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      summary.replaceChildren();
      const fail = (errors) => {
        const box = errorSummary("Er is geen token gemaakt. Controleer:", showErrors(form, errors));
        summary.replaceChildren(box);
        box.focus();
      };
      const n = Number(days.value);
      if (!Number.isInteger(n) || n < 1 || n > 366) {
        fail([{ field: "days", code: "value_error", message: "Kies een geheel aantal dagen van 1 tot en met 366." }]);
        return;
      }
      const client = this.clients.find((c) => String(c.id) === this.clientSelect.value);
      if (!client) {
        fail([{ field: "client", code: "value_error", message: "Kies een koppeling." }]);
        return;
      }
      this.makeButton.disabled = true;
      try {
        const { data } = await api("POST", `/v1/api-clients/${client.id}/tokens`, { body: { days: n } });
        this.showNewToken(client, data);
        await this.reload();
      } catch (e) {
        if (e.status === 401 || !this.ctx.isCurrent()) return;
        if (e.status === 422 && e.errors.length) fail(e.errors);
        else {
          this.say(e.message, "error");
          this.alert.focus();
        }
      } finally {
        this.makeButton.disabled = !this.clients.some((c) => c.active);
      }
    });
    return form;
  }

  showNewToken(client, data) {
    const value = h("input", { type: "text", readonly: true, value: data.token, class: "mono", spellcheck: "false", autocomplete: "off" });
    const copied = h("p", { class: "muted", role: "status", id: "token-copied" });
    const copy = h("button", { type: "button", id: "copy-token" }, "Kopiëren");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(data.token);
        copied.textContent = "Gekopieerd. Plak het token nu in de instellingen van het EPD.";
      } catch {
        value.focus();
        value.select();
        copied.textContent = "Kopiëren lukte niet vanzelf: het token is geselecteerd, kopieer het met Ctrl+C (of Cmd+C).";
      }
    });
    const done = h("button", { type: "button", class: "secondary" }, "Ik heb het token bewaard");
    done.addEventListener("click", () => {
      this.newToken.replaceChildren();
      this.newToken.hidden = true;
      this.say("Het token is niet meer te zien. Kwijt? Trek het in en maak een nieuw.", "info");
      this.alert.focus();
    });
    const title = h("h2", { id: "new-token-title", tabindex: "-1" }, `Nieuw token voor ${client.naam}`);
    this.newToken.replaceChildren(
      title,
      h(
        "div",
        { class: "message message-warning", id: "token-warning" },
        h("p", {}, h("strong", {}, "Kopieer het token nu: het wordt niet opnieuw getoond.")),
        h(
          "p",
          {},
          "methodisch bewaart alleen een onherkenbare afdruk ervan. Zet het token in de instellingen van het EPD ",
          "en stuur het niet per e-mail of chat.",
        ),
      ),
      fieldWrap({ id: "new-token-value", path: "-token", label: "Token", control: value }),
      h("p", {}, `Geldig tot ${fmtMoment(data.expires_at)}.`),
      h("div", { class: "actions" }, copy, done),
      copied,
    );
    this.newToken.hidden = false;
    title.focus();
  }

  // ---------- tokens ----------

  tokensSection() {
    return h(
      "section",
      { class: "card", "aria-labelledby": "tokens-title", id: "tokens" },
      h("h2", { id: "tokens-title" }, "Tokens"),
      h(
        "p",
        {},
        "Elk token waarmee een koppeling, of een therapeut na het inloggen, nu of eerder toegang had. ",
        "Trek een token in als het is uitgelekt of niet meer nodig is.",
      ),
      fieldWrap({ id: "token-sessions", path: "-sessions", label: "Ook inlogsessies van therapeuten tonen", control: this.showSessions, check: true }),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "list stack", id: "token-list" },
          h("caption", { class: "visually-hidden" }, "Tokens van de praktijk, nieuwste eerst"),
          h("thead", {}, h("tr", {}, ["Van wie", "Aangemaakt", "Verloopt", "Status", "Actie"].map((t) => h("th", { scope: "col" }, t)))),
          this.tokenBody,
        ),
      ),
      this.tokenCount,
    );
  }

  owner(t) {
    if (t.api_client_id !== null && t.api_client_id !== undefined) {
      const c = this.clients.find((x) => x.id === t.api_client_id);
      return `${c ? c.naam : "Koppeling"} (koppeling)`;
    }
    const naam = this.names.get(t.therapist_id) || "Therapeut";
    return isOwn(t) ? `${naam} (deze sessie)` : `${naam} (inlogsessie)`;
  }

  renderTokens() {
    const sessions = this.showSessions.checked;
    const shown = this.tokens
      .filter((t) => sessions || t.api_client_id !== null)
      .sort((a, b) => b.id - a.id);
    this.tokenBody.replaceChildren(
      ...shown.map((t) => {
        const state = tokenState(t);
        const who = this.owner(t);
        return h(
          "tr",
          { "data-token": t.id, "data-state": state.key, class: state.key === "active" ? null : "inactive" },
          h("td", { "data-label": "Van wie" }, who),
          h("td", { "data-label": "Aangemaakt" }, fmtMoment(t.created_at)),
          h("td", { "data-label": "Verloopt" }, fmtMoment(t.expires_at)),
          h("td", { "data-label": "Status" }, state.text),
          h(
            "td",
            { "data-label": "Actie" },
            state.key === "active"
              ? h(
                  "button",
                  { type: "button", class: "secondary small", onclick: () => this.revoke(t, who) },
                  "Intrekken",
                  h("span", { class: "visually-hidden" }, ` (token van ${who}, aangemaakt ${fmtMoment(t.created_at)})`),
                )
              : h("span", { class: "muted" }, "—"),
          ),
        );
      }),
    );
    if (!shown.length) {
      this.tokenBody.append(h("tr", {}, h("td", { colspan: 5, class: "muted" }, "Nog geen tokens van koppelingen.")));
    }
    const active = shown.filter((t) => tokenState(t).key === "active").length;
    this.tokenCount.textContent = `${shown.length} token(s) getoond, waarvan ${active} actief.`;
  }

  async revoke(t, who) {
    const ok = await confirmDialog({
      title: "Token intrekken?",
      text: [
        `Het token van ${who}, aangemaakt op ${fmtMoment(t.created_at)}, werkt daarna niet meer.`,
        t.api_client_id !== null
          ? "Moet de koppeling blijven werken? Maak dan eerst een nieuw token en zet dat in het EPD."
          : isOwn(t)
            ? "Dit is het token waarmee je nu bent ingelogd: je wordt meteen uitgelogd en logt daarna opnieuw in."
            : "De therapeut wordt op dat apparaat uitgelogd.",
      ],
      confirm: isOwn(t) ? "Intrekken en uitloggen" : "Intrekken",
    });
    if (!ok) return;
    try {
      await api("DELETE", `/v1/tokens/${t.id}`);
      await this.reload();
      this.say(`Het token van ${who} is ingetrokken.`);
      this.alert.focus();
    } catch (e) {
      if (e.status === 401 || !this.ctx.isCurrent()) return;
      this.say(e.message, "error");
      this.alert.focus();
    }
  }

  async reload() {
    await this.load();
    if (!this.ctx.isCurrent()) return;
    this.renderClients();
    this.renderTokens();
  }
}

export async function renderIntegrations(main, ctx) {
  await new IntegrationsPage(main, ctx).start();
}
