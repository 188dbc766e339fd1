// Versies van een vastlegging (#/episodes/{id}/versies/{step}): every saved version of one step's
// record (GET /v1/episodes/{id}/records/{step}/versions, oldest first), two of them side by side
// (by default the last two): per field what changed, old → new, who changed it and when, with
// the served Dutch titles of the step's form; what did not change is folded away. On a phone
// (under 600 px) the two sides stack.

import { api, workflow } from "../api.js";
import { fmtMoment, h } from "../dom.js";
import { STEPS, humanize } from "../labels.js";
import {
  actorName,
  backToEpisode,
  deref,
  loadEpisodeOrNotFound,
  practiceTeam,
  propTitle,
  showValue,
  stepOf,
} from "./episode-parts.js";

export async function renderVersies(main, ctx) {
  const id = Number(ctx.params[0]);
  const step = ctx.params[1];
  const loaded = await loadEpisodeOrNotFound(main, id);
  if (!loaded) return;
  const ep = loaded.ep;
  if (!STEPS.includes(step)) {
    main.replaceChildren(
      backToEpisode(ep),
      h("h1", {}, "Versies van een vastlegging"),
      h("p", { class: "message message-warning", id: "versions-unknown-step" }, "Deze stap bestaat niet in het methodisch handelen."),
    );
    return;
  }
  const [wf, team, versions] = await Promise.all([
    workflow(ep.definition_version),
    practiceTeam(),
    api("GET", `/v1/episodes/${id}/records/${step}/versions`).then((r) => r.data),
  ]);
  if (!ctx.isCurrent()) return;
  new VersionsPage(main, { ep, step, wf, team, versions }).render();
}

/** JSON with its keys sorted, and empty values alike: equality of two saved values. */
function canon(v) {
  if (v === undefined || v === null || v === "") return "null";
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (typeof v === "object") {
    const keys = Object.keys(v).filter((k) => v[k] !== null && v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function at(data, path) {
  let v = data;
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return v;
}

/**
 * The fields of a form as leaves: nested sections (objects) are opened, so a change deep in a
 * section is named by its own title; lists and plain values are leaves. The keys follow the
 * served schema's order, then any key the schema does not name.
 */
function leaves(values, schema, root, path = [], titles = [], out = []) {
  const s = deref(schema, root);
  const objs = values.filter(isObject);
  const nested = objs.length > 0 && values.every((v) => v === null || v === undefined || isObject(v));
  if (!nested) {
    out.push({ path, titles, schema: s });
    return out;
  }
  const keys = [...Object.keys(s.properties || {})];
  for (const o of objs) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
  for (const k of keys) {
    const sub = values.map((v) => (isObject(v) ? v[k] : undefined));
    if (sub.every((v) => canon(v) === "null")) continue;
    leaves(sub, s.properties?.[k], root, [...path, k], [...titles, propTitle(s, k, root)], out);
  }
  return out;
}

class VersionsPage {
  constructor(main, { ep, step, wf, team, versions }) {
    this.main = main;
    this.ep = ep;
    this.step = step;
    this.wf = wf;
    this.team = team;
    this.versions = versions;
    const { step: def, title } = stepOf(wf, step);
    this.stepTitle = title;
    this.schema = def?.form_schema || {};
    this.status = h("p", { id: "versions-status", class: "muted", role: "status", "aria-live": "polite" });
    this.diffEl = h("section", { id: "version-diff", "aria-labelledby": "diff-title" });
  }

  who(v) {
    return actorName(v.saved_by, this.team);
  }

  optionText(v) {
    return `Versie ${v.version} · ${fmtMoment(v.saved_at)} · ${this.who(v)}${v.correctie_reden ? " · correctie" : ""}`;
  }

  render() {
    const n = this.versions.length;
    const head = [backToEpisode(this.ep), h("h1", {}, `Versies van de vastlegging ${this.stepTitle}`)];
    if (n === 0) {
      this.main.replaceChildren(
        ...head,
        h("p", { class: "message message-info", id: "versions-none" }, `Voor de stap ${this.stepTitle} is nog niets vastgelegd.`),
      );
      return;
    }
    const first = this.versions[0];
    const last = this.versions[n - 1];
    const intro = h(
      "p",
      {},
      n === 1
        ? `Eén versie, opgeslagen op ${fmtMoment(first.saved_at)} door ${this.who(first)}. Er is nog niets te vergelijken.`
        : `${n} versies: de eerste op ${fmtMoment(first.saved_at)}, de laatste op ${fmtMoment(last.saved_at)}. ` +
            "Kies welke twee je naast elkaar zet; standaard de laatste twee.",
    );
    if (n === 1) {
      this.main.replaceChildren(...head, intro, this.versionCard(first, "Inhoud"), this.allVersions());
      return;
    }
    const options = (selected) =>
      this.versions.map((v, i) => h("option", { value: String(i), selected: i === selected }, this.optionText(v)));
    this.oldSel = h("select", { id: "version-old" }, options(n - 2));
    this.newSel = h("select", { id: "version-new" }, options(n - 1));
    const pick = h(
      "form",
      { class: "card version-pick", id: "version-pick", "aria-label": "Versies kiezen", novalidate: true },
      h("div", { class: "field" }, h("label", { for: "version-old" }, "Vergelijk versie"), this.oldSel),
      h("div", { class: "field" }, h("label", { for: "version-new" }, "met versie"), this.newSel),
    );
    pick.addEventListener("change", () => this.renderDiff());
    pick.addEventListener("submit", (ev) => ev.preventDefault());
    this.main.replaceChildren(...head, intro, pick, this.status, this.diffEl, this.allVersions());
    this.renderDiff();
  }

  /** The header of one side: which version, when, by whom, and a correction's reason. */
  meta(v, side) {
    return h(
      "div",
      { class: `diff-meta diff-${side}`, "data-version": v.version },
      h("span", { class: "diff-label" }, side === "old" ? "Oud" : "Nieuw"),
      h("strong", {}, `Versie ${v.version}`),
      h("span", {}, `opgeslagen ${fmtMoment(v.saved_at)} door ${this.who(v)}`),
      v.correctie_reden ? h("span", { class: "correctie" }, `Correctie, reden: ${v.correctie_reden}`) : null,
    );
  }

  /** The version in (older, newer] where a field last changed: who changed it and when. */
  changedIn(path, from, to) {
    for (let i = to; i > from; i -= 1) {
      if (canon(at(this.versions[i].data, path)) !== canon(at(this.versions[i - 1].data, path))) return this.versions[i];
    }
    return this.versions[to];
  }

  renderDiff() {
    let a = Number(this.oldSel.value);
    let b = Number(this.newSel.value);
    if (a === b) {
      this.status.textContent = "";
      this.diffEl.replaceChildren(
        h("h2", { id: "diff-title", class: "visually-hidden" }, "Vergelijking"),
        h("p", { class: "message message-warning", id: "diff-same" }, "Kies twee verschillende versies om ze te vergelijken."),
      );
      return;
    }
    if (a > b) [a, b] = [b, a];
    const older = this.versions[a];
    const newer = this.versions[b];
    const root = this.schema;
    const fields = leaves([older.data, newer.data], root, root);
    const changed = fields.filter((f) => canon(at(older.data, f.path)) !== canon(at(newer.data, f.path)));
    const same = fields.filter((f) => !changed.includes(f));
    const label = (f) => f.titles.join(" › ") || humanize(this.step);

    const changedEls = changed.map((f) => {
      const by = this.changedIn(f.path, a, b);
      const key = f.path.join(".");
      return h(
        "article",
        { class: "diff-field", "data-field": key, "aria-label": label(f) },
        h("h3", {}, label(f)),
        h(
          "p",
          { class: "diff-by small" },
          `Gewijzigd in versie ${by.version}, op ${fmtMoment(by.saved_at)} door ${this.who(by)}.`,
          by.correctie_reden ? ` Correctie, reden: ${by.correctie_reden}` : "",
        ),
        h(
          "div",
          { class: "diff-pair" },
          h(
            "div",
            { class: "diff-old" },
            h("span", { class: "diff-label" }, `Was (versie ${older.version})`),
            h("div", { class: "diff-value" }, showValue(at(older.data, f.path), f.schema, root)),
          ),
          h("span", { class: "diff-arrow", "aria-hidden": "true" }, "→"),
          h(
            "div",
            { class: "diff-new" },
            h("span", { class: "diff-label" }, `Wordt (versie ${newer.version})`),
            h("div", { class: "diff-value" }, showValue(at(newer.data, f.path), f.schema, root)),
          ),
        ),
      );
    });
    const sameEl = same.length
      ? h(
          "details",
          { class: "diff-same", id: "diff-unchanged" },
          h("summary", {}, `Ongewijzigd: ${same.length} ${same.length === 1 ? "veld" : "velden"}`),
          h(
            "dl",
            { class: "kv" },
            same.map((f) => [
              h("dt", {}, label(f)),
              h("dd", { "data-field": f.path.join(".") }, showValue(at(newer.data, f.path), f.schema, root)),
            ]),
          ),
        )
      : null;
    const count = changed.length;
    this.status.textContent = `Versie ${older.version} en versie ${newer.version} vergeleken: ${
      count === 0 ? "niets gewijzigd" : `${count} ${count === 1 ? "veld" : "velden"} gewijzigd`
    }.`;
    this.diffEl.replaceChildren(
      h("h2", { id: "diff-title" }, `Van versie ${older.version} naar versie ${newer.version}`),
      h("div", { class: "diff-heads" }, this.meta(older, "old"), h("span", { class: "diff-arrow", "aria-hidden": "true" }, "→"), this.meta(newer, "new")),
      count
        ? h("div", { id: "diff-changed" }, changedEls)
        : h("p", { class: "message message-info", id: "diff-nothing" }, "Tussen deze versies is niets gewijzigd."),
      sameEl,
    );
  }

  /** One version in full (when there is nothing to compare with). */
  versionCard(v, title) {
    const root = this.schema;
    const fields = leaves([v.data], root, root);
    return h(
      "section",
      { class: "card", id: "version-only", "aria-labelledby": "version-only-title" },
      h("h2", { id: "version-only-title" }, title),
      this.meta(v, "new"),
      h(
        "dl",
        { class: "kv" },
        fields.map((f) => [h("dt", {}, f.titles.join(" › ")), h("dd", {}, showValue(at(v.data, f.path), f.schema, root))]),
      ),
    );
  }

  allVersions() {
    return h(
      "details",
      { class: "card all-versions", id: "all-versions" },
      h("summary", {}, `Alle versies (${this.versions.length})`),
      h(
        "ul",
        { class: "version-list" },
        [...this.versions].reverse().map((v) =>
          h(
            "li",
            { "data-version": v.version },
            h("strong", {}, `Versie ${v.version}`),
            ` — ${fmtMoment(v.saved_at)}, ${this.who(v)}`,
            v.correctie_reden ? h("span", { class: "correctie" }, ` Correctie, reden: ${v.correctie_reden}`) : null,
          ),
        ),
      ),
    );
  }
}
