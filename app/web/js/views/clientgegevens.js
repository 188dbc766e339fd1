// Cliëntgegevens (#/episodes/{id}/client): the few client facts the rules use (age, wilsbekwaam,
// sex), read from the episode and replaced with PUT /v1/episodes/{id}/client (If-Match).
//
// A small form of its own rather than one rendered from the schema: the OpenAPI serves
// ClientFacts, but without Dutch titles for its values, with source citations in its
// descriptions, and without the rule that one of birth date and age group is enough.

import { api } from "../api.js";
import { fmtDate, h, setMessage, today } from "../dom.js";
import { GESLACHT_LABEL, LEEFTIJDSGROEP_LABEL, humanize } from "../labels.js";
import { clearErrors, errorSummary, fieldWrap, showErrors } from "../schema-form.js";
import { backToEpisode, loadEpisode, loadEpisodeOrNotFound, plain } from "./episode-parts.js";

const TITLE = "Cliëntgegevens";

export async function renderClientgegevens(main, ctx) {
  const id = Number(ctx.params[0]);
  const loaded = await loadEpisodeOrNotFound(main, id);
  if (!loaded) return;
  if (!ctx.isCurrent()) return;
  new ClientPage(main, loaded).render();
}

/** Age in whole years on a day (both ISO dates), as the rules count it. */
function ageOn(born, day) {
  const [by, bm, bd] = born.split("-").map(Number);
  const [y, m, d] = day.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Every open requirement of the episode's next steps, by code. */
function openRequirements(ep) {
  const out = new Map();
  for (const t of ep.available_triggers || []) for (const u of t.unmet || []) out.set(u.code, u);
  return out;
}

class ClientPage {
  constructor(main, loaded) {
    this.main = main;
    this.ep = loaded.ep;
    this.etag = loaded.etag;
    this.alert = h("div", { id: "client-alert", tabindex: "-1", hidden: true });
    this.factsEl = h("dl", { class: "facts client-facts", id: "client-facts" });
    this.formSlot = h("div", {});
  }

  render() {
    this.main.replaceChildren(
      backToEpisode(this.ep),
      h("h1", {}, TITLE),
      h(
        "p",
        {},
        "Van de cliënt legt methodisch alleen vast wat de regels nodig hebben: leeftijd, wilsbekwaamheid en ",
        "(voor bekkenoefentherapie) geslacht. Naam, adres en BSN staan in het EPD.",
      ),
      this.alert,
      h(
        "section",
        { class: "card", "aria-labelledby": "client-now-title" },
        h("h2", { id: "client-now-title" }, "Nu vastgelegd"),
        this.factsEl,
      ),
      this.why(),
      this.formSlot,
    );
    this.renderFacts();
    this.renderForm();
  }

  why() {
    return h(
      "section",
      { class: "card", id: "client-why", "aria-labelledby": "client-why-title" },
      h("h2", { id: "client-why-title" }, "Waarom dit ertoe doet"),
      h(
        "p",
        {},
        "Leeftijd en wilsbekwaamheid bepalen wie moet instemmen met de behandeling, het behandelplan en het delen van ",
        "gegevens (WGBO), en wie meewerkt aan de doelen:",
      ),
      h(
        "ul",
        {},
        h("li", {}, "jonger dan 12 jaar: de ouders (of voogd), namens het kind;"),
        h("li", {}, "van 12 tot 16 jaar: de cliënt én de ouders;"),
        h("li", {}, "vanaf 16 jaar: de cliënt zelf;"),
        h(
          "li",
          {},
          "niet wilsbekwaam: bij een minderjarige de ouders, bij een volwassene de vertegenwoordiger ",
          "(curator, mentor, gemachtigde of een naaste).",
        ),
      ),
      h(
        "p",
        {},
        `De leeftijd telt zoals die was op de dag van aanmelding (${fmtDate(this.ep.aangemeld_op)}). `,
        "Met alleen een leeftijdsgroep is 12 tot 16 niet te onderscheiden van 16 tot 18: een jongere telt dan als zelf beslissend. ",
        "Leg bij een jongere onder de 16 daarom de geboortedatum vast.",
      ),
      h(
        "p",
        {},
        "De voorwaarden van de episode volgen de gegevens zoals ze nu zijn: na een wijziging kan een stap om de instemming ",
        "van anderen vragen.",
      ),
    );
  }

  renderFacts() {
    const c = this.ep.client || {};
    let leeftijd;
    if (c.geboortedatum) {
      const age = ageOn(c.geboortedatum, this.ep.aangemeld_op);
      leeftijd = `Geboren op ${fmtDate(c.geboortedatum)} (bij aanmelding ${age} jaar)`;
    } else {
      leeftijd = LEEFTIJDSGROEP_LABEL[c.leeftijdsgroep] || humanize(c.leeftijdsgroep) || "Niet vastgelegd";
    }
    const facts = [
      ["Leeftijd", leeftijd, "leeftijd"],
      ["Wilsbekwaam", c.wilsbekwaam === false ? "Nee" : "Ja", "wilsbekwaam"],
      ["Geslacht", c.geslacht ? GESLACHT_LABEL[c.geslacht] || humanize(c.geslacht) : "Niet vastgelegd", "geslacht"],
    ];
    if (c.geboortedatum && c.leeftijdsgroep) {
      facts.splice(1, 0, ["Leeftijdsgroep", LEEFTIJDSGROEP_LABEL[c.leeftijdsgroep] || humanize(c.leeftijdsgroep), "leeftijdsgroep"]);
    }
    this.factsEl.replaceChildren(
      ...facts.map(([k, v, key]) => h("div", { "data-fact": key }, h("dt", {}, k), h("dd", {}, v))),
    );
  }

  renderForm() {
    if (this.ep.status === "afgesloten") {
      this.formSlot.replaceChildren(
        h(
          "p",
          { class: "message message-info", id: "client-closed" },
          "Deze episode is afgesloten: de cliëntgegevens liggen vast en kunnen niet meer worden gewijzigd.",
        ),
      );
      return;
    }
    const c = this.ep.client || {};
    const geboortedatum = h("input", { type: "date", name: "geboortedatum", max: today(), value: c.geboortedatum || "" });
    const leeftijdsgroep = h(
      "select",
      { name: "leeftijdsgroep" },
      h("option", { value: "" }, "— niet vastgelegd —"),
      Object.entries(LEEFTIJDSGROEP_LABEL).map(([v, label]) => h("option", { value: v }, label)),
    );
    leeftijdsgroep.value = c.leeftijdsgroep || "";
    const age = h(
      "fieldset",
      { class: "group", "data-path": "leeftijd", id: "client-leeftijd", "aria-describedby": "client-leeftijd-help" },
      h("legend", {}, "Leeftijd", h("span", { class: "req", title: "verplicht" }, " *")),
      h(
        "p",
        { class: "help", id: "client-leeftijd-help" },
        "Vul de geboortedatum in, of kies een leeftijdsgroep als je de geboortedatum niet vastlegt. Eén van beide is nodig.",
      ),
      h("p", { class: "field-error", id: "client-leeftijd-err", hidden: true }),
      fieldWrap({ id: "client-geboortedatum", path: "geboortedatum", label: "Geboortedatum", control: geboortedatum }),
      fieldWrap({ id: "client-leeftijdsgroep", path: "leeftijdsgroep", label: "Leeftijdsgroep", control: leeftijdsgroep }),
    );

    const ja = h("input", { type: "radio", name: "wilsbekwaam", value: "true", checked: c.wilsbekwaam !== false });
    const nee = h("input", { type: "radio", name: "wilsbekwaam", value: "false", checked: c.wilsbekwaam === false });
    const competent = h(
      "fieldset",
      { class: "group", "data-path": "wilsbekwaam", id: "client-wilsbekwaam", "aria-describedby": "client-wilsbekwaam-help" },
      h("legend", {}, "Wilsbekwaam", h("span", { class: "req", title: "verplicht" }, " *")),
      h(
        "p",
        { class: "help", id: "client-wilsbekwaam-help" },
        "Kan de cliënt zelf beslissen over de behandeling? Zo niet, dan beslissen de ouders of een vertegenwoordiger mee.",
      ),
      h("p", { class: "field-error", id: "client-wilsbekwaam-err", hidden: true }),
      h(
        "div",
        { class: "choice-row" },
        fieldWrap({ id: "client-wilsbekwaam-ja", path: "wilsbekwaam.ja", label: "Ja, wilsbekwaam", control: ja, check: true }),
        fieldWrap({ id: "client-wilsbekwaam-nee", path: "wilsbekwaam.nee", label: "Nee, niet wilsbekwaam", control: nee, check: true }),
      ),
    );

    const geslacht = h(
      "select",
      { name: "geslacht" },
      h("option", { value: "" }, "— niet vastgelegd —"),
      Object.entries(GESLACHT_LABEL).map(([v, label]) => h("option", { value: v }, label)),
    );
    geslacht.value = c.geslacht || "";

    const summary = h("div", { class: "summary-slot" });
    const save = h("button", { type: "submit" }, "Opslaan");
    const form = h(
      "form",
      { novalidate: true, id: "client-form", class: "card", "aria-labelledby": "client-form-title" },
      h("h2", { id: "client-form-title" }, "Wijzigen"),
      summary,
      age,
      competent,
      fieldWrap({
        id: "client-geslacht",
        path: "geslacht",
        label: "Geslacht",
        description: "Alleen nodig bij bekkenoefentherapie: de anamnese per domein hangt ervan af.",
        control: geslacht,
      }),
      h("div", { class: "actions" }, save, h("a", { class: "button secondary", href: `#/episodes/${this.ep.id}` }, "Terug naar de episode")),
    );
    const value = () => {
      const body = { wilsbekwaam: !nee.checked };
      if (geboortedatum.value) body.geboortedatum = geboortedatum.value;
      if (leeftijdsgroep.value) body.leeftijdsgroep = leeftijdsgroep.value;
      if (geslacht.value) body.geslacht = geslacht.value;
      return body;
    };
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      summary.replaceChildren();
      clearErrors(form);
      setMessage(this.alert, "");
      const body = value();
      if (!body.geboortedatum && !body.leeftijdsgroep) {
        const missing = { field: "leeftijd", code: "value_error", message: "Vul de geboortedatum in of kies een leeftijdsgroep." };
        const shown = showErrors(form, [missing]);
        const box = errorSummary("Niet opgeslagen. Controleer dit veld:", shown);
        summary.append(box);
        box.focus();
        return;
      }
      save.disabled = true;
      try {
        await this.save(form, summary, body);
      } finally {
        save.disabled = false;
      }
    });
    this.formSlot.replaceChildren(form);
  }

  async save(form, summary, body) {
    const before = openRequirements(this.ep);
    let res;
    try {
      res = await api("PUT", `/v1/episodes/${this.ep.id}/client`, { body, etag: this.etag });
    } catch (e) {
      if (e.status === 401) return;
      if (e.status === 412) {
        const loaded = await loadEpisode(this.ep.id);
        this.ep = loaded.ep;
        this.etag = loaded.etag;
        this.renderFacts();
        this.say(
          "Niet opgeslagen: de episode is intussen gewijzigd, door een collega of in een ander venster. " +
            "Bovenaan staat wat nu is vastgelegd; wat je had ingevuld staat er nog. Controleer het en sla opnieuw op.",
          "warning",
        );
        return;
      }
      if (e.status === 409) {
        const loaded = await loadEpisode(this.ep.id);
        this.ep = loaded.ep;
        this.etag = loaded.etag;
        this.renderFacts();
        this.renderForm();
        const why = e.unmet.map((u) => plain(u.message)).join(" ");
        this.say(`Niet opgeslagen: ${why || "de cliëntgegevens kunnen nu niet worden gewijzigd."}`, "error");
        return;
      }
      if (e.status === 403) {
        this.say("Niet opgeslagen: je mag in deze episode niets vastleggen (je registratie past niet bij het profiel).", "error");
        return;
      }
      // 422: at the field; the rule "birth date or age group" concerns the age as a whole.
      const errors = e.errors.map((x) =>
        ["geboortedatum", "leeftijdsgroep", "wilsbekwaam", "geslacht"].includes(x.field) ? x : { ...x, field: "leeftijd" },
      );
      const shown = showErrors(form, errors);
      const box = errorSummary(e.status === 422 ? "Niet opgeslagen. Controleer:" : `Niet opgeslagen: ${e.message}`, shown);
      summary.append(box);
      box.focus();
      return;
    }
    this.ep = res.data;
    this.etag = res.etag || `"${res.data.version}"`;
    this.renderFacts();
    const added = [...openRequirements(this.ep).values()].filter((u) => !before.has(u.code));
    const said = [h("p", {}, h("strong", {}, "De cliëntgegevens zijn opgeslagen."))];
    if (added.length) {
      said.push(
        h("p", {}, "Daardoor vraagt de episode nu ook:"),
        h("ul", { id: "client-new-requirements" }, added.map((u) => h("li", {}, plain(u.message)))),
      );
    }
    this.say(said, "success");
  }

  say(content, kind) {
    this.alert.setAttribute("role", kind === "success" ? "status" : "alert");
    setMessage(this.alert, content, kind);
    this.alert.focus();
  }
}
