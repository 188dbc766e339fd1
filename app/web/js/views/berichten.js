// The episode's "Berichten en toestemming": the contacts letters go to, the client's consent to
// share (what holds, and the history), and the berichten themselves: make one, read it (the
// stored HTML in a sandboxed frame), download its PDF, mark it sent. Every write goes through
// the episode view's write(), so it carries If-Match and a 412 reloads like everywhere else.

import { api, apiDocument } from "../api.js";
import { fmtDay, fmtDayTime, h, setMessage, todayNL } from "../dom.js";
import {
  BESLUIT_LABEL,
  DOEL_LABEL,
  DOOR_LABEL,
  ROL_LABEL,
  SOORT_LABEL,
  WIJZE_LABEL,
  humanize,
} from "../labels.js";
import { clearErrors, fieldWrap, showErrors } from "../schema-form.js";

function select(options, placeholder) {
  const s = h("select", {});
  if (placeholder !== undefined) s.append(h("option", { value: "" }, placeholder));
  for (const [v, label] of Object.entries(options)) s.append(h("option", { value: v }, label));
  return s;
}

/** Radio buttons or checkboxes as one <fieldset> with data-path, so a 422 lands on the group. */
function choiceGroup({ id, path, legend, options, type, required, description }) {
  const controls = [];
  const helpId = `${id}-help`;
  const fs = h(
    "fieldset",
    { class: "group choices", "data-path": path, id: `${id}-group` },
    h("legend", {}, legend, required ? h("span", { class: "req", title: "verplicht" }, " *") : null),
  );
  if (description) {
    fs.append(h("p", { class: "help", id: helpId }, description));
    fs.setAttribute("aria-describedby", helpId);
  }
  fs.append(h("p", { class: "field-error", id: `${id}-err`, hidden: true }));
  const row = h("div", { class: "choice-row" });
  for (const [value, label] of Object.entries(options)) {
    const c = h("input", { type, name: id, value });
    controls.push(c);
    // `${path}.__${value}`: a wrapper of its own, never matched by the server's field paths.
    row.append(fieldWrap({ id: `${id}-${value}`, path: `${path}.__${value}`, label, control: c, check: true }));
  }
  fs.append(row);
  return {
    el: fs,
    first: () => controls[0],
    get: () => {
      const on = controls.filter((c) => c.checked).map((c) => c.value);
      return type === "radio" ? on[0] : on;
    },
    set: (v) => {
      const want = new Set(Array.isArray(v) ? v : v ? [v] : []);
      for (const c of controls) c.checked = want.has(c.value);
    },
  };
}

/** Whose consent counts for this client, as a default for "door" (the server decides: WGBO art.
 * 7:450 and 7:465, workflows/instemming.py). */
export function defaultDoor(ep) {
  const client = ep.client || {};
  let age = null;
  if (client.geboortedatum) {
    const b = new Date(`${client.geboortedatum}T00:00:00`);
    const at = new Date(`${ep.aangemeld_op || todayNL()}T00:00:00`);
    age = at.getFullYear() - b.getFullYear();
    if (at.getMonth() < b.getMonth() || (at.getMonth() === b.getMonth() && at.getDate() < b.getDate())) age -= 1;
  }
  const minor = age !== null ? age < 18 : client.leeftijdsgroep && client.leeftijdsgroep !== "volwassene";
  if ((age !== null && age < 12) || client.leeftijdsgroep === "kind_onder_12") return ["ouders"];
  if (client.wilsbekwaam === false) return [minor ? "ouders" : "vertegenwoordiger"];
  if (age !== null && age < 16) return ["client", "ouders"];
  return ["client"];
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A polite live region that stays in the DOM; its message replaces the previous one. */
function liveSlot(id) {
  return h("div", { class: "live-slot", id, "aria-live": "polite" });
}

function announce(slot, text, kind = "success") {
  slot.replaceChildren();
  if (!text) return;
  const p = h("p", {});
  setMessage(p, text, kind);
  slot.append(p);
}

/** An error box like errorSummary's, where an entry without a field shows its text alone. */
function problemBox(title, shown, id) {
  const box = h(
    "div",
    { class: "message message-error", role: "alert", tabindex: "-1", id },
    h("p", {}, h("strong", {}, title)),
  );
  if (shown.length) {
    const ul = h("ul", {});
    for (const s of shown) {
      const text = s.control && s.label ? `${s.label}: ${s.text}` : s.text;
      ul.append(
        h(
          "li",
          {},
          s.control ? h("button", { type: "button", class: "link", onclick: () => s.control.focus() }, text) : text,
        ),
      );
    }
    box.append(ul);
  }
  return box;
}

export class BerichtenPanel {
  constructor(view) {
    this.view = view;
    this.berichten = [];
    this.history = [];
    this.geldend = [];
    this.previewId = null;
    this.el = h("section", { class: "panel", id: "berichten", "aria-labelledby": "berichten-title" });
  }

  get ep() {
    return this.view.ep;
  }

  get base() {
    return this.view.base;
  }

  get contacts() {
    return this.ep.contacten || [];
  }

  get closed() {
    return this.ep.status === "afgesloten";
  }

  /** The berichten the current step's definition expects (afsluiting: eindverslag). */
  expected() {
    const step = this.view.wf.steps.find((s) => s.name === this.ep.status);
    return step?.berichten || [];
  }

  contactName(id) {
    if (id === null || id === undefined) return "Elke ontvanger";
    const c = this.contacts.find((x) => x.id === id);
    return c ? `${c.naam} (${(ROL_LABEL[c.rol] || humanize(c.rol)).toLowerCase()})` : `contact ${id}`;
  }

  /** The bericht of `soort` marked sent, else the latest one made, else null. */
  latest(soort) {
    const of = this.berichten.filter((b) => b.soort === soort);
    return of.find((b) => b.verzonden_op) || of[of.length - 1] || null;
  }

  // ---------- loading and drawing ----------

  async render(drafts = {}) {
    const expected = this.expected();
    this.countsEl = h("span", { class: "muted small", id: "berichten-counts" });
    this.title = h("h2", { id: "berichten-title", tabindex: "-1" }, "Berichten en toestemming");
    this.details = h(
      "details",
      { class: "berichten-body", id: "berichten-body", open: expected.length > 0 },
      h("summary", {}, "Contacten, toestemming en berichten ", this.countsEl),
    );
    this.contactList = h("div", { id: "contact-list" });
    this.consentList = h("div", { id: "toestemming-list" });
    this.berichtList = h("div", { id: "bericht-list" });
    this.berichtAlert = h("div", { id: "bericht-alert-slot" });
    this.previewEl = h("div", { id: "bericht-preview", class: "bericht-preview", hidden: true });

    const closedNote = (what) =>
      h("p", { class: "muted" }, `De episode is afgesloten: ${what} kunnen niet meer worden toegevoegd.`);
    this.details.append(
      h(
        "p",
        { class: "help" },
        "Een bericht aan de verwijzer of huisarts gaat naar een contact van de episode, en wordt pas als " +
          "verzonden gemarkeerd als de cliënt (of wie voor de cliënt beslist) toestemming gaf.",
      ),
      h(
        "section",
        { class: "sub", id: "contacten", "aria-labelledby": "contacten-title" },
        h("h3", { id: "contacten-title" }, "Contacten"),
        this.contactList,
        this.closed ? closedNote("contacten") : this.contactForm(drafts.contact),
      ),
      h(
        "section",
        { class: "sub", id: "toestemmingen", "aria-labelledby": "toestemmingen-title" },
        h("h3", { id: "toestemmingen-title" }, "Toestemming om te delen"),
        this.consentList,
        this.closed ? closedNote("toestemmingen") : this.consentForm(drafts.toestemming),
      ),
      h(
        "section",
        { class: "sub", id: "berichten-lijst", "aria-labelledby": "berichten-lijst-title" },
        h("h3", { id: "berichten-lijst-title" }, "Berichten"),
        this.berichtList,
        this.berichtAlert,
        this.previewEl,
        this.berichtForm(drafts.bericht),
      ),
    );
    this.el.replaceChildren(this.title, this.details);
    await this.load();
    this.draw();
  }

  async load() {
    const [b, t] = await Promise.all([
      api("GET", `${this.base}/berichten`),
      api("GET", `${this.base}/toestemmingen`),
    ]);
    this.berichten = b.data.items;
    this.history = t.data.items;
    this.geldend = t.data.geldend;
  }

  /** After any write: the lists again (the forms keep what was typed). */
  async reload() {
    await this.load();
    this.draw();
  }

  draw() {
    const sent = this.berichten.filter((b) => b.verzonden_op).length;
    this.countsEl.textContent = `(${plural(this.contacts.length, "contact", "contacten")}, ${plural(
      this.geldend.length,
      "toestemming",
      "toestemmingen",
    )}, ${plural(this.berichten.length, "bericht", "berichten")}, waarvan ${sent} verzonden)`;
    this.drawContacts();
    this.drawConsents();
    this.drawBerichten();
    for (const fill of [this.fillConsentOntvanger, this.fillBerichtOntvanger]) fill?.();
  }

  drawContacts() {
    if (!this.contacts.length) {
      this.contactList.replaceChildren(h("p", { class: "muted" }, "Nog geen contacten."));
      return;
    }
    this.contactList.replaceChildren(
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "list small", "aria-labelledby": "contacten-title" },
          h("thead", {}, h("tr", {}, ["Rol", "Naam", "AGB-code", "Organisatie"].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            this.contacts.map((c) =>
              h(
                "tr",
                { "data-contact": c.id },
                h("td", {}, ROL_LABEL[c.rol] || humanize(c.rol)),
                h("td", {}, c.naam),
                h("td", { class: "mono" }, c.agb),
                h("td", {}, c.organisatie || "—"),
              ),
            ),
          ),
        ),
      ),
    );
  }

  consentTable(items, { caption, id, history = false }) {
    const cols = ["Waarvoor", "Ontvanger", "Besluit", "Door", "Datum", "Wijze"];
    if (history) cols.push("Vastgelegd");
    return h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "list small", id },
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, cols.map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          {},
          items.map((t) =>
            h(
              "tr",
              { "data-doel": t.doel, "data-besluit": t.besluit },
              h("td", {}, DOEL_LABEL[t.doel] || humanize(t.doel)),
              h("td", {}, this.contactName(t.ontvanger)),
              h("td", {}, h("span", { class: `badge besluit-${t.besluit}` }, BESLUIT_LABEL[t.besluit] || t.besluit)),
              h("td", {}, t.door.map((d) => DOOR_LABEL[d] || d).join(", ")),
              h("td", {}, fmtDay(t.datum)),
              h("td", {}, WIJZE_LABEL[t.wijze] || t.wijze),
              history
                ? h("td", {}, `${fmtDayTime(t.vastgelegd_op)}, ${this.view.actor(t.vastgelegd_door)}`, t.toelichting ? h("div", { class: "muted" }, t.toelichting) : null)
                : null,
            ),
          ),
        ),
      ),
    );
  }

  drawConsents() {
    const parts = [];
    if (this.geldend.length) {
      parts.push(this.consentTable(this.geldend, { caption: "Wat nu geldt", id: "toestemming-geldend" }));
    } else {
      parts.push(h("p", { class: "muted", id: "toestemming-geldend" }, "Nog geen toestemming vastgelegd."));
    }
    if (this.history.length > this.geldend.length) {
      parts.push(
        h(
          "details",
          { class: "history" },
          h("summary", {}, `Alle vastleggingen (${this.history.length})`),
          this.consentTable(this.history, { caption: "Alle vastleggingen, oudste eerst", id: "toestemming-historie", history: true }),
        ),
      );
    }
    this.consentList.replaceChildren(...parts);
  }

  drawBerichten() {
    if (!this.berichten.length) {
      this.berichtList.replaceChildren(h("p", { class: "muted" }, "Nog geen berichten."));
      return;
    }
    const rows = this.berichten.map((b) => {
      const what = `${SOORT_LABEL[b.soort] || humanize(b.soort)} aan ${this.contactName(b.ontvanger)}`;
      const hidden = (t) => h("span", { class: "visually-hidden" }, ` ${t}`);
      const view = h(
        "button",
        {
          type: "button",
          class: "secondary small",
          "aria-controls": "bericht-preview",
          "aria-expanded": String(this.previewId === b.id),
          "data-action": "bekijken",
          onclick: () => (this.previewId === b.id ? this.closePreview() : this.showPreview(b, { focus: true })),
        },
        "Bekijken",
        hidden(what),
      );
      const pdf = h(
        "button",
        { type: "button", class: "secondary small", "data-action": "pdf", onclick: (ev) => this.downloadPdf(b, ev.currentTarget) },
        "PDF downloaden",
        hidden(what),
      );
      const actions = h("div", { class: "row-actions" }, view, pdf);
      if (!b.verzonden_op) {
        actions.append(
          h(
            "button",
            { type: "button", class: "small", "data-action": "verzonden", onclick: (ev) => this.markSent(b, ev.currentTarget) },
            "Markeren als verzonden",
            hidden(what),
          ),
        );
      }
      return h(
        "tr",
        { "data-bericht": b.id, "data-soort": b.soort },
        h("td", {}, SOORT_LABEL[b.soort] || humanize(b.soort)),
        h("td", {}, this.contactName(b.ontvanger)),
        h("td", {}, fmtDayTime(b.created_at), h("div", { class: "muted" }, this.view.actor(b.created_by))),
        h(
          "td",
          { class: "verzonden" },
          b.verzonden_op
            ? [h("span", { class: "badge sent" }, "Verzonden"), " ", fmtDayTime(b.verzonden_op)]
            : h("span", { class: "muted" }, "Nog niet"),
        ),
        h("td", {}, actions),
      );
    });
    this.berichtList.replaceChildren(
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "list small", id: "bericht-table", "aria-labelledby": "berichten-lijst-title" },
          h(
            "thead",
            {},
            h("tr", {}, ["Soort", "Ontvanger", "Gemaakt", "Verzonden", "Acties"].map((t) => h("th", { scope: "col" }, t))),
          ),
          h("tbody", {}, rows),
        ),
      ),
    );
  }

  /** Fill a contact <select>, keeping its choice when that contact is still there. */
  fillContacts(sel, placeholder) {
    const keep = sel.value;
    sel.replaceChildren(h("option", { value: "" }, placeholder));
    for (const c of this.contacts) {
      sel.append(h("option", { value: String(c.id) }, `${c.naam} (${(ROL_LABEL[c.rol] || c.rol).toLowerCase()})`));
    }
    if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  }

  /** Open the section and bring the keyboard to it (from the step area or a gate). */
  open(target) {
    this.details.open = true;
    const el = target || this.title;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: target ? "center" : "start" });
  }

  // ---------- writes ----------

  /** POST under the episode from one of the forms: 422 at the fields, 409 with its unmet items. */
  async submit({ form, summary, button, path, body, failed, mapField = (f) => f, done }) {
    summary.replaceChildren();
    clearErrors(form);
    button.disabled = true;
    try {
      const res = await this.view.write("POST", `${this.base}/${path}`, body);
      await done(res);
      await this.view.refresh();
    } catch (e) {
      if (e.handled || e.status === 401) return;
      let errors = e.errors;
      if (e.status === 409 && e.unmet.length) {
        errors = e.unmet.map((u) => ({ field: mapField(u.field), code: "value_error", message: u.message }));
      }
      const shown = showErrors(form, errors);
      const title = e.status === 422 ? `${failed}. Controleer:` : `${failed}.`;
      if (!shown.length && e.status !== 422) shown.push({ text: e.message, control: null });
      const box = problemBox(title, shown);
      summary.append(box);
      box.focus();
    } finally {
      button.disabled = false;
    }
  }

  contactForm(draft) {
    const rol = select(ROL_LABEL, "— kies —");
    const naam = h("input", { type: "text", maxlength: 200, autocomplete: "off" });
    const agb = h("input", { type: "text", inputmode: "numeric", maxlength: 8, autocomplete: "off", class: "agb" });
    const org = h("input", { type: "text", maxlength: 200, autocomplete: "off" });
    const summary = h("div", { class: "summary-slot" });
    const live = liveSlot("contact-status");
    const button = h("button", { type: "submit" }, "Contact toevoegen");
    const f = (id, path, label, control, opts = {}) => fieldWrap({ id: `contact-${id}`, path, label, control, ...opts });
    const form = h(
      "form",
      { novalidate: true, id: "contact-form", "aria-labelledby": "contact-form-title" },
      h("h4", { id: "contact-form-title" }, "Contact toevoegen"),
      summary,
      h(
        "div",
        { class: "grid2" },
        f("rol", "rol", "Rol", rol, { required: true }),
        f("naam", "naam", "Naam", naam, { required: true, description: "Naam van de zorgverlener." }),
        f("agb", "agb", "AGB-code", agb, {
          required: true,
          description: "Precies 8 cijfers; een voorloopnul telt mee.",
        }),
        f("organisatie", "organisatie", "Organisatie", org, { description: "Praktijk of instelling." }),
      ),
      h("div", { class: "actions" }, button),
      live,
    );
    const read = () => {
      const body = {};
      if (rol.value) body.rol = rol.value;
      if (naam.value.trim()) body.naam = naam.value.trim();
      if (agb.value.trim()) body.agb = agb.value.trim();
      if (org.value.trim()) body.organisatie = org.value.trim();
      return body;
    };
    const set = (v = {}) => {
      rol.value = v.rol || "";
      naam.value = v.naam || "";
      agb.value = v.agb || "";
      org.value = v.organisatie || "";
    };
    const entry = this.view.trackDirty("contact", form, null, "contact", { getDraft: read });
    if (draft?.value) {
      set(draft.value);
      entry.dirty = true;
    }
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      announce(live, "");
      await this.submit({
        form,
        summary,
        button,
        path: "contacten",
        body: read(),
        failed: "Contact niet toegevoegd",
        done: ({ data }) => {
          set({});
          entry.dirty = false;
          announce(live, `${data.naam} (${(ROL_LABEL[data.rol] || data.rol).toLowerCase()}) is toegevoegd als contact.`);
        },
      });
    });
    return form;
  }

  consentForm(draft) {
    const doel = select(DOEL_LABEL, "— kies —");
    const ontvanger = h("select", {});
    this.fillConsentOntvanger = () => this.fillContacts(ontvanger, "Elke ontvanger voor dit doel");
    this.fillConsentOntvanger();
    const besluit = choiceGroup({
      id: "toestemming-besluit",
      path: "besluit",
      legend: "Besluit",
      type: "radio",
      required: true,
      options: { gegeven: "Toestemming gegeven", geweigerd: "Geweigerd", ingetrokken: "Ingetrokken" },
      description: "Intrekken kan alleen wat nu als gegeven geldt; de geschiedenis blijft bewaard.",
    });
    const door = choiceGroup({
      id: "toestemming-door",
      path: "door",
      legend: "Door wie",
      type: "checkbox",
      required: true,
      options: DOOR_LABEL,
      description:
        "Wie voor deze cliënt beslist: de cliënt; de ouders (of voogd) bij een kind onder 12; van 12 tot 16 " +
        "de cliënt én de ouders; de vertegenwoordiger bij een wilsonbekwame cliënt.",
    });
    const datum = h("input", { type: "date", value: todayNL(), max: todayNL() });
    const wijze = choiceGroup({
      id: "toestemming-wijze",
      path: "wijze",
      legend: "Hoe gegeven",
      type: "radio",
      required: true,
      options: WIJZE_LABEL,
    });
    const toelichting = h("textarea", { rows: 2, maxlength: 500 });
    const summary = h("div", { class: "summary-slot" });
    const live = liveSlot("toestemming-status");
    const button = h("button", { type: "submit" }, "Toestemming vastleggen");
    const f = (id, path, label, control, opts = {}) =>
      fieldWrap({ id: `toestemming-${id}`, path, label, control, ...opts });
    this.consentFormEl = h(
      "form",
      { novalidate: true, id: "toestemming-form", "aria-labelledby": "toestemming-form-title" },
      h("h4", { id: "toestemming-form-title" }, "Toestemming vastleggen"),
      summary,
      h(
        "div",
        { class: "grid2" },
        f("doel", "doel", "Waarvoor", doel, { required: true }),
        f("ontvanger", "ontvanger", "Ontvanger", ontvanger, {
          description: "Een contact van de episode, of elke ontvanger voor dit doel.",
        }),
      ),
      besluit.el,
      door.el,
      h(
        "div",
        { class: "grid2" },
        f("datum", "datum", "Datum van het besluit", datum, { required: true }),
      ),
      wijze.el,
      f("toelichting", "toelichting", "Toelichting bij het besluit", toelichting, {
        description: "Bijv. waarom geweigerd, of de rol van de vertegenwoordiger (geen namen).",
      }),
      h("div", { class: "actions" }, button),
      live,
    );
    const form = this.consentFormEl;
    const read = () => {
      const body = {
        ontvanger: ontvanger.value ? Number(ontvanger.value) : null,
        door: door.get(),
      };
      if (doel.value) body.doel = doel.value;
      if (besluit.get()) body.besluit = besluit.get();
      if (datum.value) body.datum = datum.value;
      if (wijze.get()) body.wijze = wijze.get();
      if (toelichting.value.trim()) body.toelichting = toelichting.value.trim();
      return body;
    };
    const set = (v = {}) => {
      // The step's own bericht (afsluiting: the eindverslag) is what consent is asked for.
      const asked = this.expected().find((d) => d in DOEL_LABEL) || "";
      doel.value = v.doel || asked;
      ontvanger.value = v.ontvanger ? String(v.ontvanger) : "";
      besluit.set(v.besluit);
      door.set(v.door || defaultDoor(this.ep));
      datum.value = v.datum || todayNL();
      wijze.set(v.wijze);
      toelichting.value = v.toelichting || "";
    };
    set({});
    const entry = this.view.trackDirty("toestemming", form, null, "toestemming", { getDraft: read });
    if (draft?.value) {
      set(draft.value);
      entry.dirty = true;
    }
    /** From a refused "verzonden" or a gate: the form ready for this doel and contact. */
    this.prefillConsent = (d, contact) => {
      this.details.open = true;
      doel.value = d in DOEL_LABEL ? d : "";
      ontvanger.value = contact ? String(contact) : "";
      entry.dirty = true;
      this.open(doel);
    };
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      announce(live, "");
      await this.submit({
        form,
        summary,
        button,
        path: "toestemmingen",
        body: read(),
        failed: "Toestemming niet vastgelegd",
        // "toestemmingen.eindverslag.door" is the form's "door"; the doel alone is the form's.
        mapField: (field) => {
          const m = /^toestemmingen\.[^.]+(?:\.(.+))?$/.exec(field || "");
          return m ? m[1] || null : field;
        },
        done: ({ data }) => {
          set({});
          entry.dirty = false;
          this.berichtAlert.replaceChildren(); // a refusal it may answer: try "verzonden" again
          const aan = data.ontvanger ? `aan ${this.contactName(data.ontvanger)}` : "aan elke ontvanger";
          announce(
            live,
            `Vastgelegd: toestemming voor ${(DOEL_LABEL[data.doel] || data.doel).toLowerCase()} ${aan} is ` +
              `${(BESLUIT_LABEL[data.besluit] || data.besluit).toLowerCase()}.`,
          );
        },
      });
    });
    return form;
  }

  berichtForm(draft) {
    const soort = select(SOORT_LABEL, "— kies —");
    const expected = this.expected();
    if (expected.length) soort.value = expected[0];
    else if (this.closed) soort.value = "eindverslag";
    const ontvanger = h("select", {});
    this.fillBerichtOntvanger = () => {
      this.fillContacts(ontvanger, "— kies een contact —");
      noContacts.hidden = this.contacts.length > 0;
      if (!ontvanger.value && this.contacts.length === 1) ontvanger.value = String(this.contacts[0].id);
    };
    const noContacts = h("p", { class: "help", id: "bericht-geen-contact" }, "Voeg eerst een contact toe: de verwijzer of de huisarts.");
    const rule = (this.view.wf.write_rules || []).find((r) => r.name === "bericht.soort_in_stap");
    const summary = h("div", { class: "summary-slot" });
    const live = liveSlot("bericht-status");
    const button = h("button", { type: "submit" }, "Bericht maken");
    const form = h(
      "form",
      { novalidate: true, id: "bericht-form", "aria-labelledby": "bericht-form-title" },
      h("h4", { id: "bericht-form-title" }, "Bericht maken"),
      // the served rule, without its reference to another rule's id
      rule ? h("p", { class: "help", id: "bericht-regel" }, rule.description.replace(/\s*\([a-z_]+\.[a-z_.]+\)/g, "")) : null,
      h(
        "p",
        { class: "help" },
        `Het bericht wordt gemaakt uit wat de episode nu bevat (stap ${this.view.stepTitle(this.ep.status)}; ` +
          "wat je in de stap nog niet opsloeg, wordt eerst opgeslagen) en verandert daarna niet; " +
          "een nieuwe versie is een nieuw bericht.",
      ),
      summary,
      h(
        "div",
        { class: "grid2" },
        fieldWrap({ id: "bericht-soort", path: "soort", label: "Soort", required: true, control: soort }),
        fieldWrap({ id: "bericht-ontvanger", path: "ontvanger", label: "Ontvanger", required: true, control: ontvanger }),
      ),
      noContacts,
      h("div", { class: "actions" }, button),
      live,
    );
    this.fillBerichtOntvanger();
    if (rule) soort.setAttribute("aria-describedby", "bericht-regel");
    const read = () => {
      const body = {};
      if (soort.value) body.soort = soort.value;
      if (ontvanger.value) body.ontvanger = Number(ontvanger.value);
      return body;
    };
    const entry = this.view.trackDirty("bericht", form, null, "bericht", { getDraft: read });
    if (draft?.value) {
      if (draft.value.soort) soort.value = draft.value.soort;
      if (draft.value.ontvanger) ontvanger.value = String(draft.value.ontvanger);
      entry.dirty = true;
    }
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      announce(live, "");
      this.berichtAlert.replaceChildren();
      // The bericht is made from what the episode holds: the step's unsaved changes go in first.
      if (this.view.forms.step?.dirty && this.view.saveStep) {
        if (!(await this.view.saveStep({ focus: false }))) return;
      }
      let made = null;
      await this.submit({
        form,
        summary,
        button,
        path: "berichten",
        body: read(),
        failed: "Bericht niet gemaakt",
        done: ({ data }) => {
          made = data;
          entry.dirty = false;
          announce(
            live,
            `${SOORT_LABEL[data.soort]} aan ${this.contactName(data.ontvanger)} is gemaakt. Lees het voorbeeld ` +
              "hieronder na en markeer het als verzonden wanneer het is verstuurd.",
          );
        },
      });
      if (made) await this.showPreview(made, { focus: false });
    });
    return form;
  }

  async markSent(b, button) {
    this.berichtAlert.replaceChildren();
    button.disabled = true;
    const what = `${SOORT_LABEL[b.soort]} aan ${this.contactName(b.ontvanger)}`;
    try {
      await this.view.write("POST", `${this.base}/berichten/${b.id}/verzonden`);
      const live = document.getElementById("bericht-status");
      if (live) announce(live, `${what} is als verzonden gemarkeerd.`);
      await this.view.refresh();
    } catch (e) {
      if (e.handled || e.status === 401) return;
      button.disabled = false;
      const items = e.unmet.length ? e.unmet.map((u) => ({ text: u.message, control: null })) : [{ text: e.message }];
      const box = problemBox(`${what} is niet als verzonden gemarkeerd.`, items, "bericht-unmet");
      box.dataset.bericht = String(b.id);
      if (e.unmet.some((u) => u.code.startsWith("toestemming.")) && this.prefillConsent) {
        box.append(
          h(
            "div",
            { class: "actions" },
            h(
              "button",
              { type: "button", class: "secondary small", onclick: () => this.prefillConsent(b.soort, b.ontvanger) },
              "Toestemming vastleggen",
            ),
          ),
        );
      }
      this.berichtAlert.append(box);
      box.focus();
    }
  }

  // ---------- reading a bericht ----------

  async showPreview(b, { focus }) {
    const what = `${SOORT_LABEL[b.soort]} aan ${this.contactName(b.ontvanger)}`;
    this.previewId = b.id;
    const heading = h("h4", { id: "bericht-preview-title", tabindex: "-1" }, `Voorbeeld: ${what}`);
    const body = h("div", { class: "preview-body" }, h("p", { class: "muted" }, "Laden…"));
    this.previewEl.replaceChildren(
      heading,
      h("p", { class: "muted small" }, `Gemaakt ${fmtDayTime(b.created_at)}, uit versie ${b.episode_version} van de episode.`),
      body,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "secondary small", onclick: () => this.closePreview() }, "Voorbeeld sluiten"),
      ),
    );
    this.previewEl.hidden = false;
    this.syncViewButtons();
    if (focus) heading.focus();
    try {
      const html = await (await apiDocument(`${this.base}/berichten/${b.id}`, "text/html")).text();
      if (this.previewId !== b.id) return;
      // The letter as stored, in a frame without scripts, forms or same-origin access.
      body.replaceChildren(h("iframe", { sandbox: "", srcdoc: html, title: `${what} (voorbeeld)`, id: "bericht-frame" }));
    } catch (e) {
      if (e.status === 401) return;
      body.replaceChildren(h("p", { class: "message message-error", role: "alert" }, `Het bericht kon niet worden geladen: ${e.message}`));
    }
  }

  closePreview() {
    const id = this.previewId;
    this.previewId = null;
    this.previewEl.hidden = true;
    this.previewEl.replaceChildren();
    this.syncViewButtons();
    this.berichtList.querySelector(`tr[data-bericht="${id}"] button[data-action=bekijken]`)?.focus();
  }

  syncViewButtons() {
    for (const tr of this.berichtList.querySelectorAll("tr[data-bericht]")) {
      const btn = tr.querySelector("button[data-action=bekijken]");
      if (btn) btn.setAttribute("aria-expanded", String(Number(tr.dataset.bericht) === this.previewId));
    }
  }

  async downloadPdf(b, button) {
    this.berichtAlert.replaceChildren();
    button.disabled = true;
    try {
      const blob = await apiDocument(`${this.base}/berichten/${b.id}`, "application/pdf");
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: `${b.soort}-${this.ep.client_ref}-${b.id}.pdf`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      if (e.status === 401) return;
      const box = problemBox("De PDF kon niet worden gemaakt.", [{ text: e.message }], "bericht-unmet");
      this.berichtAlert.append(box);
      box.focus();
    } finally {
      button.disabled = false;
    }
  }
}
