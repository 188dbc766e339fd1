// One episode: the eight-step timeline, the current step's form (rendered from its JSON Schema),
// its appendices (sessions), contacts, consent and berichten (views/berichten.js), the triggers
// with their unmet gates, measurements with a chart per instrument, and the event history.

import { api, instrument, instruments, therapists, workflow } from "../api.js";
import { instrumentChart } from "../chart.js";
import { fmtDate, fmtDateTime, h, setMessage, today } from "../dom.js";
import {
  DOEL_LABEL,
  EVENT_LABEL,
  KIND_LABEL,
  MOMENT_LABEL,
  ROL_LABEL,
  ROUTE_LABEL,
  SOORT_LABEL,
  STEPS,
  humanize,
  statusLabel,
} from "../labels.js";
import {
  clearErrors,
  createSchemaForm,
  errorSummary,
  fieldWrap,
  focusField,
  renderValue,
  showErrors,
} from "../schema-form.js";
import { BerichtenPanel } from "./berichten.js";

const CONFLICT =
  "De episode is elders gewijzigd. De nieuwste versie is geladen; wat je had ingevuld staat er nog. " +
  "Controleer het en probeer het opnieuw.";

export async function renderEpisode(main, ctx) {
  const id = Number(ctx.params[0]);
  const view = new EpisodeView(main, ctx, id);
  await view.start();
}

class EpisodeView {
  constructor(main, ctx, id) {
    this.main = main;
    this.ctx = ctx;
    this.id = id;
    this.base = `/v1/episodes/${id}`;
    this.ep = null;
    this.etag = null;
    this.wf = null;
    this.events = [];
    this.names = new Map();
    this.forms = {}; // name -> {form, el, dirty, key}
    this.alert = h("div", { id: "episode-alert", tabindex: "-1", hidden: true });
    this.content = h("div", { class: "episode-layout" });
  }

  // ---------- loading ----------

  async start() {
    try {
      await this.fetchEpisode();
    } catch (e) {
      if (e.status === 404) {
        this.main.append(
          h("h1", {}, "Episode niet gevonden"),
          h(
            "p",
            { class: "message message-warning", id: "not-found" },
            "Deze episode bestaat niet, of hoort niet bij jouw praktijk.",
          ),
          h("p", {}, h("a", { href: "#/episodes" }, "Terug naar de episodes")),
        );
        return;
      }
      throw e;
    }
    const team = await therapists();
    this.names = new Map(team.map((t) => [t.id, t.naam]));
    this.wf = await workflow(this.ep.definition_version);
    await this.loadEvents();
    if (!this.ctx.isCurrent()) return;
    this.header = h("div", {});
    this.main.append(this.header, this.content);
    await this.renderAll();
  }

  async fetchEpisode() {
    const res = await api("GET", this.base);
    this.ep = res.data;
    this.etag = res.etag || `"${res.data.version}"`;
  }

  async loadEvents() {
    const items = [];
    let cursor = null;
    for (let page = 0; page < 20; page += 1) {
      const { data } = await api("GET", `${this.base}/events`, { query: { cursor, limit: 200 } });
      items.push(...data.items);
      cursor = data.next_cursor;
      if (!cursor) break;
    }
    this.events = items;
  }

  actor(ref) {
    const m = /^therapist:(\d+)$/.exec(ref || "");
    if (m && this.names.has(Number(m[1]))) return this.names.get(Number(m[1]));
    return ref || "onbekend";
  }

  visited() {
    const v = new Set([this.ep.status]);
    for (const e of this.events) {
      if (e.kind === "created" && e.data.status) v.add(e.data.status);
      if (e.kind === "transition") {
        v.add(e.data.from);
        v.add(e.data.to);
      }
    }
    return v;
  }

  // ---------- writes ----------

  /** Every write sends If-Match; a 412 reloads the episode and keeps what was typed. */
  async write(method, path, body) {
    try {
      const res = await api(method, path, { body, etag: this.etag });
      if (res.etag) this.etag = res.etag;
      return res;
    } catch (e) {
      if (e.status === 412) {
        e.handled = true;
        await this.conflict();
      }
      throw e;
    }
  }

  async conflict() {
    const status = this.ep.status;
    const drafts = {};
    for (const [name, f] of Object.entries(this.forms)) {
      if (f.dirty) drafts[name] = { key: f.key, value: f.getDraft ? f.getDraft() : f.form.getValue() };
    }
    await this.fetchEpisode();
    await this.loadEvents();
    await this.renderAll(this.ep.status === status ? drafts : {});
    setMessage(this.alert, CONFLICT, "warning");
    this.alert.setAttribute("role", "alert");
    this.alert.focus();
  }

  /** After a successful write: new triggers, timeline, history; the forms stay as they are. */
  async refresh() {
    const before = this.ep.status;
    await this.fetchEpisode();
    await this.loadEvents();
    if (this.ep.status !== before) {
      await this.renderAll();
      return;
    }
    this.renderHeader();
    this.renderTimeline();
    this.renderTriggers();
    this.renderEvents();
    await this.berichten.reload();
    this.renderBerichtenHint();
  }

  say(text, kind = "success") {
    this.alert.removeAttribute("role");
    this.alert.setAttribute("role", kind === "error" ? "alert" : "status");
    setMessage(this.alert, text, kind);
  }

  // ---------- layout ----------

  async renderAll(drafts = {}) {
    this.forms = {};
    this.headerEl = h("div", { class: "episode-header" });
    this.timelineEl = h("nav", { class: "timeline-col", "aria-labelledby": "timeline-title" });
    this.stepEl = h("section", { class: "panel", id: "step-panel", "aria-labelledby": "step-title" });
    this.appendixEl = h("div", { id: "appendix-panels" });
    this.berichten = new BerichtenPanel(this);
    this.triggersEl = h("section", { class: "panel", id: "triggers", "aria-labelledby": "triggers-title" });
    this.measureEl = h("section", { class: "panel", id: "measurements", "aria-labelledby": "measurements-title" });
    this.eventsEl = h("section", { class: "panel", id: "events", "aria-labelledby": "events-title" });
    this.content.replaceChildren(
      this.timelineEl,
      h(
        "div",
        { class: "episode-main" },
        this.stepEl,
        this.appendixEl,
        this.berichten.el,
        this.triggersEl,
        this.measureEl,
        this.eventsEl,
      ),
    );
    this.header.replaceChildren(this.headerEl, this.alert);
    this.renderHeader();
    this.renderTimeline();
    this.renderEvents();
    await Promise.all([
      this.renderStep(drafts.step),
      this.renderAppendices(drafts),
      this.renderMeasurements(drafts.meting),
      this.berichten.render(drafts),
    ]);
    this.renderTriggers();
    this.renderBerichtenHint();
  }

  renderHeader() {
    const ep = this.ep;
    const client = ep.client || {};
    const facts = [
      ["Stap", h("span", { id: "episode-status", class: `badge status-${ep.status}` }, statusLabel(ep.status))],
      ["Profiel", `${humanize(ep.profile)} (${ep.definition_version})`],
      ["Route", ROUTE_LABEL[ep.route] || ep.route],
      ["Therapeut", this.names.get(ep.therapist_id) || `#${ep.therapist_id}`],
      ["Aangemeld op", fmtDate(ep.aangemeld_op)],
      [
        "Cliënt",
        [
          client.leeftijdsgroep ? humanize(client.leeftijdsgroep) : `geboren ${fmtDate(client.geboortedatum)}`,
          client.wilsbekwaam === false ? ", niet wilsbekwaam" : ", wilsbekwaam",
        ].join(""),
      ],
    ];
    if (ep.verwijzing) {
      const v = ep.verwijzing;
      facts.push([
        "Verwijzing",
        `${humanize(v.verwijzer_type)}, ${fmtDate(v.datum)}${v.verwijsdiagnose ? `: ${v.verwijsdiagnose}` : ""}`,
      ]);
    }
    facts.push(["Sessies", String(ep.sessie_count ?? 0)], ["Versie", String(ep.version)]);
    const dl = h("dl", { class: "facts" });
    for (const [k, v] of facts) dl.append(h("div", {}, h("dt", {}, k), h("dd", {}, v)));
    this.headerEl.replaceChildren(
      h("p", { class: "crumbs" }, h("a", { href: "#/episodes" }, "← Episodes")),
      h("h1", {}, `Episode ${ep.client_ref}`),
      dl,
    );
  }

  renderTimeline() {
    const visited = this.visited();
    const saved = {};
    for (const e of this.events) if (e.kind === "record_saved") saved[e.data.step] = e.data.record_version;
    const status = this.ep.status;
    const closed = status === "afgesloten";
    const steps = STEPS.filter((s) => this.wf.steps.some((x) => x.name === s));
    const ol = h("ol", { class: "timeline" });
    steps.forEach((step, i) => {
      let state;
      if (step === status) state = "current";
      else if (visited.has(step)) state = "done";
      else if (closed || STEPS.indexOf(step) < STEPS.indexOf(status)) state = "skipped";
      else state = "todo";
      const stateText = { current: "huidige stap", done: "doorlopen", skipped: "overgeslagen", todo: "nog niet" }[state];
      const li = h(
        "li",
        { class: `tl tl-${state}`, "data-step": step, "aria-current": state === "current" ? "step" : null },
        h("span", { class: "tl-name" }, `${i + 1}. ${statusLabel(step)}`),
        h("span", { class: "tl-state" }, stateText),
      );
      if (saved[step]) {
        const body = h("div", { class: "tl-record" });
        const details = h(
          "details",
          {},
          h("summary", {}, `Vastgelegd (versie ${saved[step]})`),
          body,
        );
        details.addEventListener("toggle", async () => {
          if (!details.open || body.dataset.loaded) return;
          body.textContent = "Laden…";
          try {
            const { data } = await api("GET", `${this.base}/records/${step}`);
            body.replaceChildren(
              h("p", { class: "muted" }, `${fmtDateTime(data.saved_at)}, ${this.actor(data.saved_by)}`),
              renderValue(data.data),
            );
            body.dataset.loaded = "1";
          } catch (e) {
            body.textContent = e.message;
          }
        });
        li.append(details);
      } else if (state !== "todo" && state !== "skipped") {
        li.append(h("span", { class: "tl-record muted" }, "Nog niets vastgelegd"));
      }
      ol.append(li);
    });
    ol.append(
      h(
        "li",
        { class: `tl ${closed ? "tl-current" : "tl-todo"}`, "aria-current": closed ? "step" : null },
        h("span", { class: "tl-name" }, "Afgesloten"),
        h("span", { class: "tl-state" }, closed ? "ja" : "nog niet"),
      ),
    );
    this.timelineEl.replaceChildren(h("h2", { id: "timeline-title" }, "Stappen"), ol);
  }

  // ---------- the current step's form ----------

  trackDirty(name, el, form, key, extra = {}) {
    const entry = { form, el, key, dirty: false, ...extra };
    const mark = () => {
      entry.dirty = true;
      if (name === "step" && this.dirtyNote) this.dirtyNote.hidden = false;
    };
    el.addEventListener("input", mark);
    el.addEventListener("change", mark);
    this.forms[name] = entry;
    return entry;
  }

  async renderStep(draft) {
    const ep = this.ep;
    this.berichtenHintEl = null;
    if (ep.status === "afgesloten") {
      this.stepEl.replaceChildren(
        h("h2", { id: "step-title" }, "Episode afgesloten"),
        h("p", {}, "Deze episode is afgesloten. Wat per stap is vastgelegd, staat bij de stappen."),
      );
      return;
    }
    const step = this.wf.steps.find((s) => s.name === ep.status);
    let record = null;
    try {
      record = (await api("GET", `${this.base}/records/${step.name}`)).data;
    } catch (e) {
      if (e.status !== 404) throw e;
    }
    const form = createSchemaForm(step.form_schema, { idPrefix: `rec-${step.name}` });
    if (record) form.setValue(record.data);
    const info = h(
      "p",
      { class: "muted", id: "record-info" },
      record
        ? `Laatst opgeslagen: versie ${record.version}, ${fmtDateTime(record.saved_at)} door ${this.actor(record.saved_by)}.`
        : "Voor deze stap is nog niets vastgelegd.",
    );
    const summary = h("div", { class: "summary-slot" });
    const save = h("button", { type: "submit" }, "Opslaan");
    const actions = h("div", { class: "actions" }, save);
    if (form.example) {
      actions.append(
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => {
              form.setValue(form.example);
              entry.dirty = true;
              if (this.dirtyNote) this.dirtyNote.hidden = false;
            },
          },
          "Voorbeeld invullen",
        ),
      );
    }
    const el = h("form", { novalidate: true, id: "step-form", "aria-labelledby": "step-title" }, summary, form.el, actions);
    // What the server has, as the form reads it: the draft is only what differs from this, so a
    // reload after a 412 shows the other party's changes plus what this therapist typed.
    let saved = form.getValue();
    const entry = this.trackDirty("step", el, form, step.name, {
      getDraft: () => {
        const now = form.getValue();
        const changed = {};
        for (const k of new Set([...Object.keys(saved), ...Object.keys(now)])) {
          if (JSON.stringify(saved[k]) !== JSON.stringify(now[k])) changed[k] = now[k] ?? null;
        }
        return changed;
      },
    });
    if (draft && draft.key === step.name) {
      form.setValue({ ...saved, ...draft.value });
      entry.dirty = true;
    }
    el.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      summary.replaceChildren();
      clearErrors(el);
      save.disabled = true;
      try {
        const { data } = await this.write("PUT", `${this.base}/records/${step.name}`, form.getValue());
        entry.dirty = false;
        saved = form.getValue();
        if (this.dirtyNote) this.dirtyNote.hidden = true;
        info.textContent = `Opgeslagen: versie ${data.version}, ${fmtDateTime(data.saved_at)}.`;
        this.say(`${statusLabel(step.name)} is opgeslagen.`);
        await this.refresh();
      } catch (e) {
        if (e.handled || e.status === 401) return;
        const shown = showErrors(el, e.errors);
        const box = errorSummary(
          e.status === 422 ? "Niet opgeslagen. Controleer deze velden:" : `Niet opgeslagen: ${e.message}`,
          shown,
        );
        summary.append(box);
        box.focus();
      } finally {
        save.disabled = false;
      }
    });
    this.berichtenHintEl = (step.berichten || []).length ? h("div", { id: "step-berichten" }) : null;
    this.stepEl.replaceChildren(
      h("h2", { id: "step-title" }, `Stap ${STEPS.indexOf(step.name) + 1}: ${statusLabel(step.name)}`),
      h("p", {}, step.description),
      this.berichtenHintEl,
      info,
      el,
    );
  }

  /** The berichten the current step asks (afsluiting: the eindverslag), and how far they are. */
  renderBerichtenHint() {
    const el = this.berichtenHintEl;
    if (!el || !el.isConnected) return;
    const step = this.wf.steps.find((s) => s.name === this.ep.status);
    const soorten = step?.berichten || [];
    const asked = soorten.map((s) => `${(SOORT_LABEL[s] || humanize(s)).toLowerCase()} verzonden`).join(", ");
    const states = soorten.map((s) => {
      const b = this.berichten.latest(s);
      const name = SOORT_LABEL[s] || humanize(s);
      if (b?.verzonden_op) return { done: true, text: `${name} verzonden op ${fmtDate(b.verzonden_op)}.` };
      if (b) return { done: false, text: `${name} gemaakt, nog niet als verzonden gemarkeerd.` };
      return { done: false, text: `${name} nog niet gemaakt.` };
    });
    const done = states.every((x) => x.done);
    const go = h(
      "button",
      { type: "button", class: "link", id: "naar-berichten", onclick: () => this.berichten.open() },
      "Naar berichten en toestemming",
    );
    const parts = [h("strong", {}, `Deze stap vraagt: ${asked}.`), " ", states.map((x) => x.text).join(" "), " ", go];
    setMessage(el, parts, done ? "success" : "info");
  }

  // ---------- appendices (sessions) ----------

  async renderAppendices(drafts) {
    this.appendixEl.replaceChildren();
    const visited = this.visited();
    const jobs = [];
    for (const step of this.wf.steps) {
      for (const app of step.appendices || []) {
        const current = step.name === this.ep.status;
        if (!current && !visited.has(step.name)) continue;
        jobs.push(this.renderAppendix(step, app, current, drafts[`app-${app.name}`]));
      }
    }
    await Promise.all(jobs);
  }

  async renderAppendix(step, app, current, draft) {
    const titleId = `app-${app.name}-title`;
    const section = h("section", { class: "panel", id: `appendix-${app.name}`, "aria-labelledby": titleId });
    this.appendixEl.append(section);
    const list = h("ol", { class: "appendix-list", id: `appendix-${app.name}-list` });
    const loadList = async () => {
      const { data } = await api("GET", `${this.base}/${app.path}`, { query: { limit: 200 } });
      list.replaceChildren(
        ...data.items.map((it) =>
          h("li", {}, h("strong", {}, fmtDate(it.datum)), ` — ${this.actor(it.created_by)}`, renderValue(it.data)),
        ),
      );
      if (!data.items.length) list.append(h("li", { class: "muted" }, "Nog niets vastgelegd."));
    };
    section.append(h("h2", { id: titleId }, `${humanize(app.path)} (${statusLabel(step.name)})`), list);
    await loadList();
    if (!current) return;

    const form = createSchemaForm(app.form_schema, { idPrefix: `app-${app.name}` });
    const summary = h("div", { class: "summary-slot" });
    const add = h("button", { type: "submit" }, `${humanize(app.name)} toevoegen`);
    const actions = h("div", { class: "actions" }, add);
    const el = h(
      "form",
      { novalidate: true, id: `appendix-${app.name}-form`, "aria-label": `Nieuwe ${app.name}` },
      h("h3", {}, `Nieuwe ${app.name}`),
      summary,
      form.el,
      actions,
    );
    const entry = this.trackDirty(`app-${app.name}`, el, form, app.name);
    if (form.example) {
      actions.append(
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => {
              form.setValue(form.example);
              entry.dirty = true;
            },
          },
          "Voorbeeld invullen",
        ),
      );
    }
    if (draft) {
      form.setValue(draft.value);
      entry.dirty = true;
    }
    el.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      summary.replaceChildren();
      clearErrors(el);
      add.disabled = true;
      try {
        await this.write("POST", `${this.base}/${app.path}`, form.getValue());
        form.setValue({});
        entry.dirty = false;
        this.say(`${humanize(app.name)} is toegevoegd.`);
        await loadList();
        await this.refresh();
      } catch (e) {
        if (e.handled || e.status === 401) return;
        const shown = showErrors(el, e.errors);
        const box = errorSummary(e.status === 422 ? "Niet toegevoegd. Controleer:" : `Niet toegevoegd: ${e.message}`, shown);
        summary.append(box);
        box.focus();
      } finally {
        add.disabled = false;
      }
    });
    section.append(el);
  }

  // ---------- triggers and their gates ----------

  triggerDef(name) {
    return (
      this.wf.triggers.find((t) => t.name === name && t.source === this.ep.status) ||
      this.wf.triggers.find((t) => t.name === name)
    );
  }

  goToField(field) {
    if (!field) return null;
    if (field === "berichten" || field.startsWith("berichten.")) return () => this.berichten.open();
    const consent = /^toestemmingen\.([^.]+)/.exec(field);
    if (consent && this.berichten.prefillConsent) return () => this.berichten.prefillConsent(consent[1], null);
    if (field === "metingen" || field.startsWith("metingen.")) {
      const target = document.getElementById("meting-instrument");
      return target ? () => target.focus() : null;
    }
    const prefix = `${this.ep.status}.`;
    const stepForm = this.forms.step?.el;
    if (!stepForm || !field.startsWith(prefix)) return null;
    const path = field.slice(prefix.length);
    return () => focusField(stepForm, path);
  }

  fillChecklist(ul, unmet, def) {
    ul.replaceChildren();
    if (unmet.length) {
      for (const u of unmet) {
        const go = this.goToField(u.field);
        ul.append(
          h(
            "li",
            { class: "unmet", "data-code": u.code },
            h("span", { class: "mark", "aria-hidden": "true" }, "✗"),
            h("span", { class: "visually-hidden" }, "Nog open: "),
            u.message,
            go
              ? h(
                  "button",
                  { type: "button", class: "link small", onclick: go },
                  /^(berichten|toestemmingen)/.test(u.field) ? "naar berichten en toestemming" : "naar het veld",
                )
              : null,
          ),
        );
      }
      return;
    }
    const gates = (def?.gates || []).map((g) => this.wf.gates.find((x) => x.name === g)).filter(Boolean);
    if (!gates.length) {
      ul.append(h("li", { class: "met" }, h("span", { class: "mark", "aria-hidden": "true" }, "✓"), "Geen voorwaarden."));
    }
    for (const g of gates) {
      ul.append(
        h(
          "li",
          { class: "met" },
          h("span", { class: "mark", "aria-hidden": "true" }, "✓"),
          h("span", { class: "visually-hidden" }, "Vervuld: "),
          g.description,
        ),
      );
    }
  }

  renderTriggers() {
    const el = this.triggersEl;
    el.replaceChildren(h("h2", { id: "triggers-title" }, "Verder in het proces"));
    const triggers = this.ep.available_triggers || [];
    if (!triggers.length) {
      el.append(h("p", { class: "muted" }, "Er zijn geen vervolgstappen: de episode is afgesloten."));
      return;
    }
    this.dirtyNote = h(
      "p",
      { class: "message message-warning", hidden: !this.forms.step?.dirty },
      "Je hebt niet-opgeslagen wijzigingen. De eisen hieronder gelden voor wat is opgeslagen: sla eerst op.",
    );
    el.append(this.dirtyNote);
    for (const kind of ["voorwaarts", "lus", "uitstroom"]) {
      const ts = triggers.filter((t) => (t.kind || "voorwaarts") === kind);
      if (!ts.length) continue;
      const cards = ts.map((t) => this.triggerCard(t));
      if (kind === "uitstroom") {
        el.append(h("details", { class: "uitstroom" }, h("summary", {}, KIND_LABEL[kind]), cards));
      } else {
        el.append(h("h3", {}, KIND_LABEL[kind] || humanize(kind)), ...cards);
      }
    }
    const other = triggers.filter((t) => !["voorwaarts", "lus", "uitstroom"].includes(t.kind));
    for (const t of other) el.append(this.triggerCard(t));
  }

  triggerCard(t) {
    const def = this.triggerDef(t.name);
    const listId = `chk-${t.name}`;
    const checklist = h("ul", { class: "checklist", id: listId, "aria-label": "Voorwaarden" });
    this.fillChecklist(checklist, t.unmet || [], def);
    const blocked = (t.unmet || []).length > 0;
    const label = `${humanize(t.name)} → ${statusLabel(t.dest)}`;
    const btn = h(
      "button",
      { type: "submit", "data-trigger": t.name, disabled: blocked, "aria-describedby": listId },
      label,
    );
    const summary = h("div", { class: "summary-slot" });
    const form = h(
      "form",
      { novalidate: true, class: `trigger card kind-${t.kind}`, "data-trigger": t.name, "aria-label": label },
      h("h4", {}, label),
      def?.description ? h("p", {}, def.description) : null,
      checklist,
      summary,
    );
    let payload = null;
    if (t.payload_required && def?.payload_schema) {
      payload = createSchemaForm(def.payload_schema, { idPrefix: `pl-${t.name}`, basePath: "payload" });
      const box = h("div", { class: "payload" }, payload.el);
      if (payload.example) {
        box.append(
          h(
            "button",
            { type: "button", class: "secondary small", onclick: () => payload.setValue(payload.example) },
            "Voorbeeld invullen",
          ),
        );
      }
      form.append(box);
    }
    if (blocked) {
      form.append(
        h("p", { class: "muted small", id: `${listId}-why` }, `Nog ${t.unmet.length} voorwaarde(n) open; de knop werkt als alles is vervuld.`),
      );
    }
    form.append(h("div", { class: "actions" }, btn));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      summary.replaceChildren();
      clearErrors(form);
      const body = { trigger: t.name };
      if (payload) body.payload = payload.getValue();
      btn.disabled = true;
      try {
        const res = await this.write("POST", `${this.base}/transitions`, body);
        this.ep = res.data;
        await this.loadEvents();
        await this.renderAll();
        this.say(`De episode staat nu in: ${statusLabel(this.ep.status)}.`);
        document.getElementById("step-title")?.focus();
      } catch (e) {
        if (e.handled || e.status === 401) return;
        if (e.status === 409 && e.unmet.length) {
          this.fillChecklist(checklist, e.unmet, def);
          summary.append(h("p", { class: "message message-error", role: "alert" }, e.message));
          return; // stays disabled: the gates are not met
        }
        const shown = showErrors(form, e.errors);
        summary.append(errorSummary(e.status === 422 ? "Niet uitgevoerd. Controleer:" : e.message, shown));
        btn.disabled = false;
      }
    });
    return form;
  }

  // ---------- measurements ----------

  defaultMoment() {
    const i = STEPS.indexOf(this.ep.status);
    if (i < 0) return "eind";
    if (i < STEPS.indexOf("behandeling")) return "baseline";
    if (this.ep.status === "behandeling") return "tussentijds";
    return "eind";
  }

  async renderMeasurements(draft) {
    const el = this.measureEl;
    const catalogue = await instruments();
    this.catalogue = catalogue;
    this.chartsEl = h("div", { class: "charts", id: "charts" });
    el.replaceChildren(h("h2", { id: "measurements-title" }, "Metingen"), this.chartsEl);
    const chartsDone = this.renderCharts();
    if (this.ep.status === "afgesloten") {
      await chartsDone;
      return;
    }

    const instr = h(
      "select",
      {},
      h("option", { value: "" }, "— kies een instrument —"),
      catalogue.map((i) => h("option", { value: i.code }, `${i.name} (${i.code})`)),
    );
    const moment = h(
      "select",
      {},
      Object.entries(MOMENT_LABEL).map(([v, label]) => h("option", { value: v }, label)),
    );
    moment.value = this.defaultMoment();
    const date = h("input", { type: "date", value: today() });
    const items = h("div", { class: "schema-object", "data-path": "responses" });
    const summary = h("div", { class: "summary-slot" });
    const submit = h("button", { type: "submit" }, "Meting vastleggen");
    let responses = null;
    const el2 = h(
      "form",
      { novalidate: true, id: "measurement-form", "aria-label": "Nieuwe meting" },
      h("h3", {}, "Nieuwe meting"),
      summary,
      h(
        "div",
        { class: "grid3" },
        fieldWrap({ id: "meting-instrument", path: "instrument", label: "Instrument", required: true, control: instr }),
        fieldWrap({ id: "meting-moment", path: "moment", label: "Moment", required: true, control: moment }),
        fieldWrap({ id: "meting-datum", path: "afgenomen_op", label: "Afgenomen op", required: true, control: date }),
      ),
      items,
      h("div", { class: "actions" }, submit),
    );
    const showItems = async (code, values) => {
      items.replaceChildren();
      responses = null;
      if (!code) return;
      const full = await instrument(code);
      if (instr.value !== code) return;
      responses = createSchemaForm(full.response_schema, { idPrefix: `resp-${code}`, basePath: "responses" });
      items.append(
        h(
          "fieldset",
          { class: "group" },
          h("legend", {}, `Antwoorden ${full.name}`),
          full.missing_rule ? h("p", { class: "help" }, full.missing_rule) : null,
          responses.el,
        ),
      );
      if (values) responses.setValue(values);
    };
    instr.addEventListener("change", () => showItems(instr.value));
    const entry = this.trackDirty("meting", el2, null, "meting", {
      getDraft: () => ({
        instrument: instr.value,
        moment: moment.value,
        afgenomen_op: date.value,
        responses: responses ? responses.getValue() : null,
      }),
    });
    if (draft?.value) {
      instr.value = draft.value.instrument;
      moment.value = draft.value.moment;
      date.value = draft.value.afgenomen_op;
      await showItems(instr.value, draft.value.responses);
      entry.dirty = true;
    }
    el2.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      summary.replaceChildren();
      clearErrors(el2);
      const body = {
        instrument: instr.value,
        moment: moment.value,
        responses: responses ? responses.getValue() : {},
        afgenomen_op: date.value,
      };
      submit.disabled = true;
      try {
        await this.write("POST", `${this.base}/measurements`, body);
        entry.dirty = false;
        if (responses) responses.setValue({});
        this.say(`Meting ${instr.value} (${MOMENT_LABEL[moment.value]}) is vastgelegd.`);
        await this.renderCharts();
        await this.refresh();
      } catch (e) {
        if (e.handled || e.status === 401) return;
        const shown = showErrors(el2, e.errors);
        const box = errorSummary(e.status === 422 ? "Niet vastgelegd. Controleer:" : `Niet vastgelegd: ${e.message}`, shown);
        summary.append(box);
        box.focus();
      } finally {
        submit.disabled = false;
      }
    });
    el.append(el2);
    await chartsDone;
  }

  async renderCharts() {
    const [ms, summ] = await Promise.all([
      api("GET", `${this.base}/measurements`),
      api("GET", `${this.base}/measurements/summary`),
    ]);
    const byCode = new Map();
    for (const m of ms.data.items) {
      const value = m.score?.values?.[m.score.main];
      if (typeof value !== "number") continue;
      if (!byCode.has(m.instrument)) byCode.set(m.instrument, []);
      byCode.get(m.instrument).push({ date: m.afgenomen_op, moment: m.moment, value, id: m.id });
    }
    const out = [];
    for (const [code, points] of byCode) {
      points.sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1));
      const info = this.catalogue.find((i) => i.code === code) || { code, name: code };
      const s = summ.data.instruments.find((x) => x.instrument === code) || null;
      out.push(instrumentChart(points, info, s));
    }
    const table = ms.data.items.length
      ? h(
          "table",
          { class: "list small" },
          h("caption", {}, "Alle metingen"),
          h(
            "thead",
            {},
            h("tr", {}, ["Datum", "Instrument", "Moment", "Score", "Door"].map((t) => h("th", { scope: "col" }, t))),
          ),
          h(
            "tbody",
            {},
            ms.data.items.map((m) =>
              h(
                "tr",
                {},
                h("td", {}, fmtDate(m.afgenomen_op)),
                h("td", {}, m.instrument),
                h("td", {}, MOMENT_LABEL[m.moment] || m.moment),
                h("td", {}, `${m.score?.values?.[m.score.main] ?? "—"}${m.score?.band ? ` (${m.score.band})` : ""}`),
                h("td", {}, this.actor(m.created_by)),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, "Nog geen metingen.");
    this.chartsEl.replaceChildren(...out, h("div", { class: "table-wrap" }, table));
  }

  // ---------- history ----------

  describeEvent(e) {
    const d = e.data || {};
    switch (e.kind) {
      case "created":
        return `Route ${ROUTE_LABEL[d.route] || d.route}, start in ${statusLabel(d.status)} (${d.definition}).`;
      case "record_saved":
        return `${statusLabel(d.step)}, versie ${d.record_version}.`;
      case "transition":
        return `${humanize(d.trigger)}: ${statusLabel(d.from)} → ${statusLabel(d.to)}.`;
      case "measurement_added":
        return `${d.instrument}, ${MOMENT_LABEL[d.moment] || d.moment}.`;
      case "sessie_added":
        return `Sessie van ${fmtDate(d.datum)}.`;
      case "contact_added":
        return `${ROL_LABEL[d.rol] || humanize(d.rol)}: ${this.berichten.contactName(d.contact_id)}.`;
      case "toestemming": {
        const aan = d.ontvanger ? this.berichten.contactName(d.ontvanger) : "elke ontvanger";
        return `${DOEL_LABEL[d.doel] || humanize(d.doel)} aan ${aan}: ${humanize(d.besluit).toLowerCase()}.`;
      }
      case "bericht_gemaakt":
      case "bericht_verzonden":
        return `${SOORT_LABEL[d.soort] || humanize(d.soort)} aan ${this.berichten.contactName(d.ontvanger)}.`;
      default:
        return Object.entries(d)
          .map(([k, v]) => `${humanize(k)}: ${typeof v === "object" ? JSON.stringify(v) : v}`)
          .join(", ");
    }
  }

  renderEvents() {
    const ol = h("ol", { class: "events", reversed: true });
    for (const e of [...this.events].reverse()) {
      ol.append(
        h(
          "li",
          { "data-kind": e.kind },
          h("time", { datetime: e.at }, fmtDateTime(e.at)),
          " ",
          h("strong", {}, EVENT_LABEL[e.kind] || humanize(e.kind)),
          " — ",
          this.describeEvent(e),
          h("span", { class: "muted" }, ` (${this.actor(e.actor)})`),
        ),
      );
    }
    this.eventsEl.replaceChildren(h("h2", { id: "events-title" }, "Geschiedenis"), ol);
  }
}
