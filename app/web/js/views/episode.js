// One episode: the eight-step timeline, the current step's form (rendered from its JSON Schema),
// its appendices (sessions), contacts, consent and berichten (views/berichten.js), the triggers
// with their unmet gates, measurements with a chart per instrument, and the event history.

import { about, api, instrument, instruments, therapists, workflow, workflows } from "../api.js";
import { instrumentChart } from "../chart.js";
import { fmtDay, fmtDayTime, h, setMessage, todayNL } from "../dom.js";
import {
  DOEL_LABEL,
  EVENT_LABEL,
  KIND_LABEL,
  LEEFTIJD_LABEL,
  MOMENT_LABEL,
  ROL_LABEL,
  ROUTE_LABEL,
  SOORT_LABEL,
  STEPS,
  VERWIJZER_LABEL,
  clinicianText,
  humanize,
  statusLabel,
} from "../labels.js";
import {
  clearErrors,
  createSchemaForm,
  enumAt,
  errorSummary,
  fieldTitle,
  fieldWrap,
  focusField,
  renderValue,
  showErrors,
} from "../schema-form.js";
import { BerichtenPanel, defaultDoor } from "./berichten.js";

/** A wide screen: the steps beside the page rather than folded above it. */
const WIDE = window.matchMedia("(min-width: 1100px)");

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
    const [team, wf, server, offered] = await Promise.all([
      therapists(),
      workflow(this.ep.definition_version),
      about(),
      workflows(),
    ]);
    this.names = new Map(team.map((t) => [t.id, t.naam]));
    this.wf = wf;
    // Example text only on a demonstration server: never in a real record.
    this.demo = Boolean(server?.demo_mode);
    this.profileTitles = new Map(offered.map((w) => [w.key, w.title]));
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
    this.forwardCards = [];
    this.headerEl = h("div", { class: "episode-header" });
    this.timelineEl = h("nav", { class: "timeline-col", "aria-labelledby": "timeline-title" });
    this.stepEl = h("section", { class: "panel", id: "step-panel", "aria-labelledby": "step-title" });
    this.asideEl = h("div", { class: "step-aside", id: "step-aside" });
    this.appendixEl = h("div", { id: "appendix-panels" });
    this.berichten = new BerichtenPanel(this);
    this.triggersEl = h("section", { class: "panel", id: "triggers", "aria-labelledby": "triggers-title" });
    this.measureEl = h("section", { class: "panel", id: "measurements", "aria-labelledby": "measurements-title" });
    this.eventsEl = h("section", { class: "panel", id: "events", "aria-labelledby": "events-title" });
    // The step's form first, with what is still missing beside it (or above it on a small
    // screen); then what belongs to the step (sessions, berichten, measurements), the other
    // ways on, and the history.
    this.content.replaceChildren(
      this.timelineEl,
      h(
        "div",
        { class: "episode-main" },
        this.stepEl,
        this.appendixEl,
        this.berichten.el,
        this.measureEl,
        this.triggersEl,
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
    const therapist = this.names.get(ep.therapist_id) || "onbekende therapeut";
    // What a clinician reads at a glance; the version, codes and document numbers in "Details".
    const meta = h(
      "p",
      { class: "episode-meta" },
      h("span", { id: "episode-status", class: `badge status-${ep.status}` }, this.stepTitle(ep.status)),
      " ",
      h("span", { id: "episode-profile" }, this.wf.title || humanize(ep.profile)),
      " · ",
      ep.route === "dto" ? "DTO" : ROUTE_LABEL[ep.route] || humanize(ep.route),
      h("span", { class: "meta-long" }, " · ", therapist),
    );
    const facts = [
      ["Route", ROUTE_LABEL[ep.route] || humanize(ep.route)],
      ["Therapeut", therapist],
      ["Aangemeld op", fmtDay(ep.aangemeld_op)],
      [
        "Cliënt",
        [
          client.leeftijdsgroep
            ? LEEFTIJD_LABEL[client.leeftijdsgroep] || humanize(client.leeftijdsgroep)
            : `geboren ${fmtDay(client.geboortedatum)}`,
          client.wilsbekwaam === false ? ", niet wilsbekwaam" : ", wilsbekwaam",
        ].join(""),
      ],
    ];
    if (ep.verwijzing) {
      const v = ep.verwijzing;
      facts.push([
        "Verwijzing",
        `${VERWIJZER_LABEL[v.verwijzer_type] || humanize(v.verwijzer_type)}, ${fmtDay(v.datum)}${v.verwijsdiagnose ? `: ${v.verwijsdiagnose}` : ""}`,
      ]);
    }
    facts.push(
      ["Sessies", String(ep.sessie_count ?? 0)],
      ["Werkwijze", `${this.wf.title || humanize(ep.profile)}, editie ${this.wf.version ?? ""} (${ep.definition_version})`],
      ["Versie van de episode", String(ep.version)],
      ["Nummer", String(ep.id)],
    );
    const dl = h("dl", { class: "facts", id: "episode-facts" });
    for (const [k, v] of facts) dl.append(h("div", {}, h("dt", {}, k), h("dd", {}, v)));
    this.headerEl.replaceChildren(
      h("p", { class: "crumbs" }, h("a", { href: "#/episodes" }, "← Episodes")),
      h("h1", {}, `Episode ${ep.client_ref}`),
      meta,
      h("details", { class: "episode-details" }, h("summary", {}, "Details"), dl),
      // Screens beside this page: views/overdracht.js, views/clientgegevens.js, views/versies.js.
      h(
        "nav",
        { class: "episode-more", "aria-label": "Meer bij deze episode" },
        h("span", { class: "muted" }, "Meer:"),
        (ep.available_handovers || []).length
          ? h("a", { href: `#/episodes/${ep.id}/overdracht` }, "Overdragen aan een collega")
          : null,
        h("a", { href: `#/episodes/${ep.id}/client` }, "Cliëntgegevens"),
        (ep.records || []).map((s) => h("a", { href: `#/episodes/${ep.id}/versies/${s}` }, `${statusLabel(s)}: versies`)),
      ),
    );
  }

  /** A step's served Dutch title ("Screening"); the terminal state is "Afgesloten". */
  stepTitle(name) {
    return this.wf?.steps.find((s) => s.name === name)?.title || statusLabel(name);
  }

  /** A trigger's served Dutch title ("Screening afronden"). */
  triggerTitle(name) {
    return this.triggerDef(name)?.title || humanize(name);
  }

  renderTimeline() {
    const visited = this.visited();
    const saved = {};
    for (const e of this.events) {
      if (e.kind === "record_saved" || e.kind === "record_corrected") saved[e.data.step] = e.data.record_version;
    }
    const withRecord = new Set(this.ep.records || []);
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
        h("span", { class: "tl-name" }, `${i + 1}. ${this.stepTitle(step)}`),
        h("span", { class: "tl-state" }, stateText),
      );
      if (saved[step] && withRecord.has(step)) {
        const body = h("div", { class: "tl-record" });
        const details = h("details", {}, h("summary", {}, "Wat is vastgelegd"), body);
        details.addEventListener("toggle", async () => {
          if (!details.open || body.dataset.loaded) return;
          body.textContent = "Laden…";
          try {
            const { data } = await api("GET", `${this.base}/records/${step}`);
            const schema = this.wf.steps.find((x) => x.name === step)?.form_schema || null;
            body.replaceChildren(
              h("p", { class: "muted" }, `${fmtDayTime(data.saved_at)}, ${this.actor(data.saved_by)}`),
              renderValue(data.data, schema),
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
    // Folded on a small screen (the form comes first there), open beside the page on a wide one.
    const at = steps.indexOf(status);
    const where = closed ? "afgesloten" : `stap ${at + 1} van ${steps.length}: ${this.stepTitle(status)}`;
    const fold = h(
      "details",
      { class: "timeline-fold", open: this.timelineOpen ?? WIDE.matches },
      h("summary", { id: "timeline-title" }, h("span", { class: "tl-summary-title" }, "Stappen"), h("span", { class: "tl-summary-where" }, ` (${where})`)),
      ol,
    );
    fold.addEventListener("toggle", () => {
      this.timelineOpen = fold.open;
    });
    this.timelineEl.replaceChildren(fold);
  }

  // ---------- the current step's form ----------

  trackDirty(name, el, form, key, extra = {}) {
    const entry = { form, el, key, dirty: false, ...extra };
    const mark = () => {
      entry.dirty = true;
      if (name === "step") this.syncDirty();
    };
    el.addEventListener("input", mark);
    el.addEventListener("change", mark);
    this.forms[name] = entry;
    return entry;
  }

  /** Unsaved changes in the step's form: the forward button saves them first, and says so. */
  syncDirty() {
    const dirty = Boolean(this.forms.step?.dirty);
    for (const card of this.forwardCards || []) card.sync(dirty);
  }

  async renderStep(draft) {
    const ep = this.ep;
    this.berichtenHintEl = null;
    this.saveStep = null;
    if (ep.status === "afgesloten") {
      this.stepEl.replaceChildren(
        h("h2", { id: "step-title", tabindex: "-1" }, "Episode afgesloten"),
        h("p", {}, "Deze episode is afgesloten. Wat per stap is vastgelegd, staat bij de stappen."),
      );
      return;
    }
    const step = this.wf.steps.find((s) => s.name === ep.status);
    // Only a step the episode lists under `records` has a saved record to read.
    const hasRecord = (ep.records || []).includes(step.name);
    const record = hasRecord ? (await api("GET", `${this.base}/records/${step.name}`)).data : null;
    // An optional group (the meldcode, an instemming) stays folded unless a requirement of the
    // next step points into it.
    const wanted = (ep.available_triggers || [])
      .filter((t) => (t.kind || "voorwaarts") === "voorwaarts")
      .flatMap((t) => t.unmet || [])
      .map((u) => String(u.field || ""))
      .filter((f) => f.startsWith(`${step.name}.`))
      .map((f) => f.slice(step.name.length + 1));
    const unfold = (path) => wanted.some((f) => f === path || f.startsWith(`${path}.`));
    const form = createSchemaForm(step.form_schema, { idPrefix: `rec-${step.name}`, fresh: !record, unfold });
    if (record) form.setValue(record.data);
    const info = h(
      "p",
      { class: record ? "muted" : "muted record-none", id: "record-info" },
      record
        ? `Laatst opgeslagen: versie ${record.version}, ${fmtDayTime(record.saved_at)} door ${this.actor(record.saved_by)}.`
        : "Voor deze stap is nog niets vastgelegd.",
    );
    const summary = h("div", { class: "summary-slot" });
    const save = h("button", { type: "submit" }, "Opslaan");
    const actions = h("div", { class: "actions" }, save);
    if (form.example && this.demo) {
      actions.append(
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => {
              form.setValue(form.example);
              entry.dirty = true;
              this.syncDirty();
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
    await this.seedStep(step, form);
    const title = h("h2", { id: "step-title", tabindex: "-1" }, `Stap ${STEPS.indexOf(step.name) + 1}: ${step.title || statusLabel(step.name)}`);
    /** Save the step's form; true when saved. `focus`: the step's heading afterwards. */
    this.saveStep = async ({ focus = true } = {}) => {
      summary.replaceChildren();
      clearErrors(el);
      save.disabled = true;
      try {
        const { data } = await this.write("PUT", `${this.base}/records/${step.name}`, form.getValue());
        entry.dirty = false;
        saved = form.getValue();
        info.textContent = `Opgeslagen: versie ${data.version}, ${fmtDayTime(data.saved_at)}.`;
        info.classList.remove("record-none");
        this.say(`${step.title || statusLabel(step.name)} is opgeslagen.`);
        await this.refresh();
        if (focus) document.getElementById("step-title")?.focus();
        return true;
      } catch (e) {
        if (e.handled || e.status === 401) return false;
        const shown = showErrors(el, e.errors);
        const box = errorSummary(
          e.status === 422 ? "Niet opgeslagen. Controleer deze velden:" : `Niet opgeslagen: ${e.message}`,
          shown,
        );
        summary.append(box);
        box.focus();
        return false;
      } finally {
        save.disabled = false;
      }
    };
    el.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      await this.saveStep();
    });
    this.berichtenHintEl = (step.berichten || []).length ? h("div", { id: "step-berichten" }) : null;
    this.stepEl.replaceChildren(
      ...[
        title,
        step.description ? h("p", { class: "step-description" }, clinicianText(step.description)) : null,
        this.berichtenHintEl,
        h("div", { class: "step-grid" }, this.asideEl, h("div", { class: "step-body" }, info, el)),
      ].filter(Boolean),
    );
  }

  /**
   * Starting values of a step's form, so nothing is typed twice: the behandelplan offers a
   * subdoel per ODIM-domein and the consent of whoever agrees for this client; the evaluatie
   * starts from the plan's subdoelen (forms.py: BehandelplanForm.subdoelen[].omschrijving,
   * EvaluatieForm.productevaluatie.doelen[].doel). A seed left as it is is not saved.
   */
  async seedStep(step, form) {
    const schema = step.form_schema;
    const now = form.getValue();
    const domeinen = enumAt(schema, "subdoelen.0.odim_domein");
    if (domeinen.length && !(now.subdoelen || []).length) {
      form.seed({ subdoelen: domeinen.map((d) => ({ odim_domein: d })) });
    }
    if (fieldTitle(schema, "akkoord.door") && !now.akkoord) {
      form.seed({ akkoord: { door: defaultDoor(this.ep) } });
    }
    const doelen = now.productevaluatie?.doelen || [];
    if (fieldTitle(schema, "productevaluatie.doelen.0.doel") && !doelen.length && (this.ep.records || []).includes("behandelplan")) {
      const plan = (await api("GET", `${this.base}/records/behandelplan`)).data.data || {};
      const subdoelen = (plan.subdoelen || []).filter((x) => x && x.omschrijving);
      if (subdoelen.length) form.seed({ productevaluatie: { doelen: subdoelen.map((x) => ({ doel: x.omschrijving })) } });
    }
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
      if (b?.verzonden_op) return { done: true, text: `${name} verzonden op ${fmtDay(b.verzonden_op)}.` };
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
          h("li", {}, h("strong", {}, fmtDay(it.datum)), ` — ${this.actor(it.created_by)}`, renderValue(it.data, app.form_schema)),
        ),
      );
      if (!data.items.length) list.append(h("li", { class: "muted" }, "Nog niets vastgelegd."));
    };
    section.append(h("h2", { id: titleId }, `${humanize(app.path)} (${this.stepTitle(step.name)})`), list);
    await loadList();
    if (!current) return;

    const form = createSchemaForm(app.form_schema, { idPrefix: `app-${app.name}`, fresh: true });
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
    if (form.example && this.demo) {
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

  /** From an open requirement to where it is met: a field of the step's form, the sessions,
   * the measurements, or the berichten. Null when the page has no such place. */
  goToField(field) {
    if (!field) return null;
    if (field === "berichten" || field.startsWith("berichten.")) return () => this.berichten.open();
    const consent = /^toestemmingen\.([^.]+)/.exec(field);
    if (consent && this.berichten.prefillConsent) return () => this.berichten.prefillConsent(consent[1], null);
    const focusFirst = (id) => () => {
      const target = document.getElementById(id);
      const control = target?.matches("input, select, textarea") ? target : target?.querySelector("input, select, textarea");
      control?.focus();
      control?.scrollIntoView({ block: "center" });
    };
    if (field === "metingen" || field.startsWith("metingen.")) {
      return document.getElementById("meting-instrument") ? focusFirst("meting-instrument") : null;
    }
    const prefix = `${this.ep.status}.`;
    if (!field.startsWith(prefix)) return null;
    const path = field.slice(prefix.length);
    const step = this.wf.steps.find((s) => s.name === this.ep.status);
    const app = (step?.appendices || []).find((a) => a.path === path || a.name === path);
    if (app) return document.getElementById(`appendix-${app.name}-form`) ? focusFirst(`appendix-${app.name}-form`) : null;
    const stepForm = this.forms.step?.el;
    if (!stepForm) return null;
    return () => focusField(stepForm, path);
  }

  /** Where a "naar …" button of an open requirement goes, in words. */
  goToText(field) {
    if (/^(berichten|toestemmingen)/.test(field || "")) return "naar berichten en toestemming";
    if (/^metingen/.test(field || "")) return "naar de metingen";
    const step = this.wf.steps.find((s) => s.name === this.ep.status);
    const path = String(field || "").slice(this.ep.status.length + 1);
    if ((step?.appendices || []).some((a) => a.path === path || a.name === path)) return "naar de sessies";
    return "naar het veld";
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
            h(
              "span",
              { class: "unmet-body" },
              h("span", { class: "visually-hidden" }, "Nog open: "),
              h("span", { class: "unmet-text" }, clinicianText(u.message)),
              go ? [" ", h("button", { type: "button", class: "link small go", onclick: go }, this.goToText(u.field))] : null,
            ),
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
          clinicianText(g.description),
        ),
      );
    }
  }

  /**
   * The next forward move beside the form (what it still needs, and its button); the loops and
   * exits folded under "Andere mogelijkheden", each folded again, so no option's fields show
   * unless the therapist opens it.
   */
  renderTriggers() {
    const triggers = this.ep.available_triggers || [];
    const forward = triggers.filter((t) => (t.kind || "voorwaarts") === "voorwaarts");
    const others = triggers.filter((t) => !forward.includes(t));
    this.forwardCards = [];
    if (this.asideEl) {
      this.asideEl.replaceChildren(...forward.map((t) => this.triggerCard(t, { forward: true })));
      this.asideEl.hidden = !forward.length;
    }
    this.syncDirty();
    const el = this.triggersEl;
    el.hidden = !others.length;
    if (!others.length) {
      el.replaceChildren();
      return;
    }
    this.openOptions = this.openOptions || new Set();
    const groups = [];
    const kinds = [...new Set(others.map((t) => t.kind || "lus"))];
    for (const kind of kinds) {
      const ts = others.filter((t) => (t.kind || "lus") === kind);
      groups.push(
        h("h3", {}, KIND_LABEL[kind] || humanize(kind)),
        h(
          "ul",
          { class: "options" },
          ts.map((t) => {
            const option = h(
              "details",
              { class: "option", "data-option": t.name, open: this.openOptions.has(t.name) },
              h("summary", {}, this.triggerLabel(t)),
              this.triggerCard(t, { forward: false }),
            );
            option.addEventListener("toggle", () => {
              if (option.open) this.openOptions.add(t.name);
              else this.openOptions.delete(t.name);
            });
            return h("li", {}, option);
          }),
        ),
      );
    }
    const fold = h(
      "details",
      { class: "other-options", id: "other-options", open: this.openOptions.has("*") },
      h("summary", { id: "triggers-title" }, `Andere mogelijkheden (${others.length})`),
      h("p", { class: "help" }, "Terug in het proces, of afsluiten zonder (verdere) behandeling."),
      groups,
    );
    fold.addEventListener("toggle", () => {
      if (fold.open) this.openOptions.add("*");
      else this.openOptions.delete("*");
    });
    el.replaceChildren(fold);
  }

  /** "Screening afronden → Anamnese": the served titles of the trigger and where it leads. */
  triggerLabel(t) {
    const def = this.triggerDef(t.name);
    return `${t.title || def?.title || humanize(t.name)} → ${this.stepTitle(t.dest)}`;
  }

  triggerCard(t, { forward }) {
    const def = this.triggerDef(t.name);
    const listId = `chk-${t.name}`;
    const checklist = h("ul", { class: "checklist", id: listId, "aria-label": "Voorwaarden" });
    this.fillChecklist(checklist, t.unmet || [], def);
    const unmet = (t.unmet || []).length;
    const label = this.triggerLabel(t);
    const titleId = `trigger-${t.name}-title`;
    const btn = h("button", { type: "submit", "data-trigger": t.name, "aria-describedby": listId }, label);
    const summary = h("div", { class: "summary-slot" });
    const why = h("p", { class: "muted small", id: `${listId}-why` });
    const form = h(
      "form",
      { novalidate: true, class: `trigger card kind-${t.kind || "voorwaarts"}`, "data-trigger": t.name, "aria-labelledby": titleId },
      forward
        ? h("h3", { id: titleId, class: "trigger-title" }, unmet ? `Nog nodig (${unmet})` : "Klaar voor de volgende stap")
        : h("h4", { id: titleId, class: "visually-hidden" }, label),
      !forward && def?.description ? h("p", {}, clinicianText(def.description)) : null,
      checklist,
      summary,
    );
    let payload = null;
    if (t.payload_required && def?.payload_schema) {
      payload = createSchemaForm(def.payload_schema, { idPrefix: `pl-${t.name}`, basePath: "payload", fresh: true });
      const box = h("div", { class: "payload" }, payload.el);
      if (payload.example && this.demo) {
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
    form.append(why, h("div", { class: "actions" }, btn));
    const card = { name: t.name, def, form, btn, summary, checklist, payload, forward };
    /** The button works when the gates are met, or (forward) when the form has changes to save
     * first: the server checks the gates again either way. */
    card.sync = (dirty) => {
      const open = unmet > 0 && !(forward && dirty);
      btn.disabled = open;
      if (forward && dirty) why.textContent = "Je wijzigingen worden eerst opgeslagen.";
      else if (unmet) why.textContent = `Nog ${unmet} ${unmet === 1 ? "voorwaarde" : "voorwaarden"} open; de knop werkt als alles is vervuld.`;
      else why.textContent = "";
      why.hidden = !why.textContent;
    };
    card.sync(false);
    if (forward) this.forwardCards.push(card);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      await this.fire(t, card);
    });
    return form;
  }

  /** Take a trigger; a forward one saves the step's unsaved changes first. */
  async fire(t, card) {
    card.summary.replaceChildren();
    clearErrors(card.form);
    const body = { trigger: t.name };
    if (card.payload) body.payload = card.payload.getValue();
    card.btn.disabled = true;
    if (card.forward && this.forms.step?.dirty && this.saveStep) {
      if (!(await this.saveStep({ focus: false }))) {
        this.syncDirty();
        return;
      }
      // Saved: the page shows the episode as it is now. Go on only if the gates are met.
      const now = (this.ep.available_triggers || []).find((x) => x.name === t.name);
      const fresh = this.forwardCards.find((c) => c.name === t.name);
      if (!now || (now.unmet || []).length) {
        const target = fresh || card;
        const note = h(
          "p",
          { class: "message message-warning", role: "alert", tabindex: "-1" },
          `Opgeslagen. Nog niet alles is vervuld om verder te gaan: zie de lijst.`,
        );
        target.summary.replaceChildren(note);
        note.focus();
        return;
      }
      card = fresh || card;
      card.btn.disabled = true;
    }
    try {
      const res = await this.write("POST", `${this.base}/transitions`, body);
      this.ep = res.data;
      this.openOptions = new Set(); // a new step: its other options start folded
      await this.loadEvents();
      await this.renderAll();
      // A message of the previous screen ("aangemaakt") no longer applies.
      const flashEl = document.getElementById("flash");
      if (flashEl) setMessage(flashEl, "");
      this.say(`De episode staat nu in: ${this.stepTitle(this.ep.status)}.`);
      document.getElementById("step-title")?.focus();
    } catch (e) {
      if (e.handled || e.status === 401) return;
      if (e.status === 409 && e.unmet.length) {
        this.fillChecklist(card.checklist, e.unmet, card.def);
        card.summary.append(h("p", { class: "message message-error", role: "alert" }, clinicianText(e.message)));
        return; // stays disabled: the gates are not met
      }
      const shown = showErrors(card.form, e.errors);
      card.summary.append(errorSummary(e.status === 422 ? "Niet uitgevoerd. Controleer:" : e.message, shown));
      card.btn.disabled = false;
    }
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
      catalogue.map((i) => h("option", { value: i.code }, i.name)),
    );
    const moment = h(
      "select",
      {},
      Object.entries(MOMENT_LABEL).map(([v, label]) => h("option", { value: v }, label)),
    );
    moment.value = this.defaultMoment();
    const date = h("input", { type: "date", value: todayNL(), max: todayNL() });
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
        this.say(`Meting ${this.instrumentName(instr.value)} (${MOMENT_LABEL[moment.value].toLowerCase()}) is vastgelegd.`);
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
    // A measurement after the baseline repeats it: with one instrument measured at baseline, that
    // one is chosen already.
    const baseline = [...new Set((this.measurements || []).filter((m) => m.moment === "baseline").map((m) => m.instrument))];
    if (!draft?.value && moment.value !== "baseline" && baseline.length === 1 && !instr.value) {
      instr.value = baseline[0];
      await showItems(instr.value);
    }
  }

  instrumentName(code) {
    return (this.catalogue || []).find((i) => i.code === code)?.name || code;
  }

  async renderCharts() {
    const [ms, summ] = await Promise.all([
      api("GET", `${this.base}/measurements`),
      api("GET", `${this.base}/measurements/summary`),
    ]);
    this.measurements = ms.data.items;
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
                h("td", {}, fmtDay(m.afgenomen_op)),
                h("td", {}, this.instrumentName(m.instrument)),
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
    const trigger = (name, from) =>
      this.wf.triggers.find((t) => t.name === name && t.source === from)?.title ||
      this.wf.triggers.find((t) => t.name === name)?.title ||
      humanize(name);
    const profile = (key) => this.profileTitles?.get(key) || humanize(String(key || "").split("@")[0]);
    switch (e.kind) {
      case "created":
        return `Route ${ROUTE_LABEL[d.route] || humanize(d.route)}, start in ${this.stepTitle(d.status)}.`;
      case "record_saved":
        return `${this.stepTitle(d.step)}, versie ${d.record_version}.`;
      case "record_corrected":
        return `${this.stepTitle(d.step)}, versie ${d.record_version}${d.reden ? `: ${d.reden}` : ""}.`;
      case "transition":
        return `${trigger(d.trigger, d.from)}: ${this.stepTitle(d.from)} → ${this.stepTitle(d.to)}.`;
      case "measurement_added":
        return `${this.instrumentName(d.instrument)}, ${(MOMENT_LABEL[d.moment] || humanize(d.moment)).toLowerCase()}.`;
      case "sessie_added":
        return `Sessie van ${fmtDay(d.datum)}.`;
      case "contact_added":
        return `${ROL_LABEL[d.rol] || humanize(d.rol)}: ${this.berichten.contactName(d.contact_id)}.`;
      case "toestemming": {
        const aan = d.ontvanger ? this.berichten.contactName(d.ontvanger) : "elke ontvanger";
        return `${DOEL_LABEL[d.doel] || humanize(d.doel)} aan ${aan}: ${humanize(d.besluit).toLowerCase()}.`;
      }
      case "bericht_gemaakt":
      case "bericht_verzonden":
        return `${SOORT_LABEL[d.soort] || humanize(d.soort)} aan ${this.berichten.contactName(d.ontvanger)}.`;
      case "handed_over":
        return `Van ${profile(d.from)} naar ${profile(d.to)}${d.to_therapist ? `, aan ${this.actor(`therapist:${d.to_therapist}`)}` : ""}.`;
      case "client_facts_changed":
        return `Gewijzigd: ${(d.fields || []).map((f) => humanize(f).toLowerCase()).join(", ")}.`;
      default:
        return Object.entries(d)
          .filter(([, v]) => typeof v !== "object")
          .map(([k, v]) => `${humanize(k)}: ${humanize(v).toLowerCase()}`)
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
          h("time", { datetime: e.at }, fmtDayTime(e.at)),
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
