// A generic form renderer for the JSON Schemas the server serves (pydantic's output).
//
// createSchemaForm(schema, {idPrefix, basePath, fresh}) builds the inputs and returns
// {el, getValue, setValue, seed, example}. Every field sits in a wrapper with data-path, the
// dotted path the server uses in a 422 problem's errors[].field, so showErrors() can put each
// message at its field. Nothing here knows any step: forms come only from the schema.
//
// A seed is a starting value the form offers (today's date in a required date field, the
// plan's subdoelen in an evaluation): shown like any value, but a seeded row left as it was is
// not sent, and an optional group holding only seeds is not sent either. So a form never saves
// something the therapist did not touch, except a required date of today.

import { fmtDay, fmtDayTime, h, todayNL, uid } from "./dom.js";
import { clinicianText, errorText, humanize } from "./labels.js";

// ---------- $ref resolution ----------

function lookup(root, ref) {
  if (!ref.startsWith("#/")) return {};
  let node = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node?.[key];
  }
  return node || {};
}

/** Follow $ref (and a lone allOf) into $defs; keys next to the $ref win over the target's. */
function deref(schema, root) {
  let s = schema || {};
  for (let guard = 0; guard < 32; guard += 1) {
    if (s.$ref) {
      const { $ref, ...siblings } = s;
      s = { ...lookup(root, $ref), ...siblings };
    } else if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.type && !s.properties) {
      const { allOf, ...siblings } = s;
      s = { ...allOf[0], ...siblings };
    } else {
      break;
    }
  }
  return s;
}

const isNullSchema = (s) => s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);

function typeOf(s) {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  return s.type;
}

function pickDefined(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

// ---------- field wrappers ----------

function fieldId(ctx, path) {
  return `${ctx.idPrefix}-${(path || "root").replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** The choices' codes in a served text ("nvt / niet_besproken") by their titles. */
function codesAsTitles(text, titles) {
  let out = String(text || "");
  for (const [code, title] of Object.entries(titles || {})) {
    // Only a code that does not read as its title already ("nvt", "niet_besproken"; not "geen").
    if (code && title && code.toLowerCase() !== title.toLowerCase()) out = out.replace(new RegExp(`(^|[^\\w])${code}(?![\\w])`, "g"), `$1${title}`);
  }
  return out;
}

function help(id, text, titles) {
  const shown = clinicianText(codesAsTitles(text, titles));
  return shown ? h("p", { class: "help", id }, shown) : null;
}

/** {code: title} of an enum's served titles (`oneOf: [{const, title}]`). */
function titlesOf(s) {
  const out = {};
  for (const o of [...(s?.oneOf || []), ...(s?.anyOf || [])]) if (o && "const" in o && o.title) out[o.const] = o.title;
  return out;
}

function errorSlot(id) {
  return h("p", { class: "field-error", id, hidden: true });
}

/** A single labelled control: <label for>, help text from description, an error slot. */
export function fieldWrap({ id, path, label, required, description, control, check = false, titles = null }) {
  const helpId = `${id}-help`;
  control.id = id;
  if (description) control.setAttribute("aria-describedby", helpId);
  const lab = h(
    "label",
    { for: id },
    label,
    required ? h("span", { class: "req", title: "verplicht" }, " *") : null,
  );
  const wrap = h("div", { class: check ? "field field-check" : "field", "data-path": path });
  const parts = check
    ? [control, lab, help(helpId, description, titles), errorSlot(`${id}-err`)]
    : [lab, help(helpId, description, titles), control, errorSlot(`${id}-err`)];
  wrap.append(...parts.filter(Boolean));
  return wrap;
}

/** A group (nested object, list, choice) as a <fieldset> with a legend. */
function groupWrap({ id, path, label, description, required, cls = "", titles = null }) {
  const fs = h("fieldset", { class: `group ${cls}`.trim(), "data-path": path, id: `${id}-group` });
  if (label) {
    fs.append(
      h("legend", {}, label, required ? h("span", { class: "req", title: "verplicht" }, " *") : null),
    );
  }
  const helpEl = help(`${id}-help`, description, titles);
  if (helpEl) {
    fs.append(helpEl);
    fs.setAttribute("aria-describedby", `${id}-help`);
  }
  fs.append(errorSlot(`${id}-err`));
  return fs;
}

// ---------- nodes: each is {el, get(), set(v)} ----------

/** The served Dutch title of an enum value (`oneOf: [{const, title}]` beside `enum`). */
export function valueTitle(s, v) {
  const named = [...(s.oneOf || []), ...(s.anyOf || [])].find((o) => o && o.const === v);
  return named && named.title ? named.title : humanize(v);
}

/** A value that says something: not absent, and not an empty list (an unticked choice list). */
const meaningful = (v) => v !== undefined && !(Array.isArray(v) && v.length === 0);

/**
 * Give a node seed support unless it has its own: `set(v, true)` marks v as a seed, and
 * `seeded()` tells whether the node still holds exactly that seed.
 */
function withSeed(node) {
  if (node.seeded) return node;
  let seedJSON = null;
  const set = node.set;
  node.set = (v, seed = false) => {
    if (seed && (v === undefined || v === null)) return; // a seed never clears what is there
    set(v, seed);
    seedJSON = seed && v !== undefined && v !== null ? JSON.stringify(node.get()) : null;
  };
  node.seeded = () => seedJSON !== null && JSON.stringify(node.get()) === seedJSON;
  return node;
}

function buildNode(raw, ctx, path, opts) {
  return withSeed(buildBare(raw, ctx, path, opts));
}

function buildBare(raw, ctx, path, opts) {
  const s = deref(raw, ctx.root);
  let nullable = Boolean(opts.nullable);
  if (Array.isArray(s.enum)) {
    // An enum with the Dutch titles of its values beside it: a choice, not a union.
    if (s.enum.includes(null) || (Array.isArray(s.type) && s.type.includes("null"))) nullable = true;
    return enumNode(s, ctx, path, { ...opts, nullable });
  }
  const variants = s.anyOf || s.oneOf;
  if (Array.isArray(variants)) {
    const resolved = variants.map((v) => deref(v, ctx.root));
    const nonNull = resolved.filter((v) => !isNullSchema(v));
    if (nonNull.length < resolved.length) nullable = true;
    const outer = pickDefined({ title: s.title, description: s.description, default: s.default });
    if (nonNull.length === 1) {
      const inner = { ...nonNull[0], ...outer };
      if (s.discriminator && !inner.discriminator) inner.discriminator = s.discriminator;
      // An optional group (the meldcode, an instemming) folds while it is empty, unless the form
      // is asked to show it (an open requirement points into it).
      const fold = nullable && !opts.root && typeOf(inner) === "object" && Boolean(inner.properties);
      return buildNode(inner, ctx, path, { ...opts, nullable, fold });
    }
    return unionNode({ ...s, ...outer }, nonNull, ctx, path, { ...opts, nullable });
  }
  if (Array.isArray(s.type) && s.type.includes("null")) nullable = true;
  const o = { ...opts, nullable };
  if ("const" in s) return constNode(s, ctx, path, o);
  if (Array.isArray(s.enum)) return enumNode(s, ctx, path, o);
  switch (typeOf(s)) {
    case "object":
      return s.properties ? objectNode(s, ctx, path, o) : jsonNode(s, ctx, path, o);
    case "array":
      return arrayNode(s, ctx, path, o);
    case "boolean":
      return booleanNode(s, ctx, path, o);
    case "integer":
    case "number":
      return numberNode(s, ctx, path, o);
    case "string":
      return stringNode(s, ctx, path, o);
    default:
      return jsonNode(s, ctx, path, o);
  }
}

/** Inside a row of a list ("evaluatiemomenten.0.op_datum")? */
const inRow = (path) => /(^|\.)\d+(\.|$)/.test(path || "");

function stringNode(s, ctx, path, opts) {
  let control;
  const isDate = s.format === "date";
  if (isDate) control = h("input", { type: "date" });
  else if (s.format === "date-time") control = h("input", { type: "datetime-local" });
  else if (s.format === "email") control = h("input", { type: "email" });
  else if ((s.maxLength ?? 0) > 255) control = h("textarea", { rows: 3, maxlength: s.maxLength });
  else control = h("input", { type: "text", maxlength: s.maxLength });
  control.name = path;
  const el = fieldWrap({
    id: fieldId(ctx, path),
    path,
    label: opts.label,
    required: opts.required,
    description: s.description,
    control,
  });
  // A required date starts at today (the Netherlands' date), as a seed. An optional date of a
  // new record, outside a list, becomes today when the therapist opens it empty.
  const autoToday = isDate && opts.required;
  let seedValue = null;
  const reset = () => {
    control.value = autoToday ? todayNL() : "";
    seedValue = autoToday ? control.value : null;
  };
  reset();
  if (isDate && !autoToday && ctx.fresh && !inRow(path)) {
    let offered = false;
    control.addEventListener("focus", () => {
      if (offered || control.value) return;
      offered = true;
      control.value = todayNL();
      control.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  return {
    el,
    get: () => (control.value === "" ? undefined : control.value),
    set: (v, seed = false) => {
      if (v === null || v === undefined) {
        if (seed) return; // a seed never clears what is there
        reset();
        return;
      }
      control.value = String(v);
      seedValue = seed ? control.value : null;
    },
    seeded: () => seedValue !== null && control.value === seedValue,
  };
}

function numberNode(s, ctx, path, opts) {
  const integer = typeOf(s) === "integer";
  const control = h("input", {
    type: "number",
    name: path,
    step: integer ? 1 : "any",
    min: s.minimum ?? s.exclusiveMinimum,
    max: s.maximum ?? s.exclusiveMaximum,
    inputmode: integer ? "numeric" : "decimal",
  });
  const range =
    s.minimum !== undefined && s.maximum !== undefined ? ` (${s.minimum}–${s.maximum})` : "";
  const el = fieldWrap({
    id: fieldId(ctx, path),
    path,
    label: `${opts.label}${range}`,
    required: opts.required,
    description: s.description,
    control,
  });
  return {
    el,
    get: () => {
      if (control.value === "") return undefined;
      const n = Number(control.value);
      return Number.isNaN(n) ? control.value : n;
    },
    set: (v) => {
      control.value = v === null || v === undefined ? "" : String(v);
    },
  };
}

function booleanNode(s, ctx, path, opts) {
  const id = fieldId(ctx, path);
  if (opts.nullable) {
    // Three states: ja / nee / onbekend (not recorded yet).
    const control = h(
      "select",
      { name: path },
      h("option", { value: "" }, "Onbekend"),
      h("option", { value: "true" }, "Ja"),
      h("option", { value: "false" }, "Nee"),
    );
    const el = fieldWrap({ id, path, label: opts.label, required: opts.required, description: s.description, control });
    return {
      el,
      get: () => (control.value === "" ? undefined : control.value === "true"),
      set: (v) => {
        control.value = v === true ? "true" : v === false ? "false" : "";
      },
    };
  }
  const control = h("input", { type: "checkbox", name: path });
  const el = fieldWrap({ id, path, label: opts.label, description: s.description, control, check: true });
  if (s.default === true) control.checked = true;
  return {
    el,
    get: () => control.checked,
    set: (v) => {
      control.checked = v === undefined || v === null ? s.default === true : Boolean(v);
    },
  };
}

function constNode(s, ctx, path, opts) {
  const id = fieldId(ctx, path);
  if (typeof s.const === "boolean") {
    // e.g. "akkoord_client": const true — a checkbox that must be ticked.
    const control = h("input", { type: "checkbox", name: path });
    const el = fieldWrap({ id, path, label: opts.label, required: opts.required, description: s.description, control, check: true });
    return {
      el,
      get: () => (control.checked ? s.const : undefined),
      set: (v) => {
        control.checked = v === s.const;
      },
    };
  }
  const control = h("output", { name: path }, humanize(s.const));
  const el = fieldWrap({ id, path, label: opts.label, description: s.description, control });
  return { el, get: () => s.const, set: () => {} };
}

function selectControl(path, values, placeholder, s = {}) {
  const control = h("select", { name: path });
  if (placeholder !== null) control.append(h("option", { value: "" }, placeholder));
  values.forEach((v, i) => control.append(h("option", { value: String(i) }, valueTitle(s, v))));
  return control;
}

function enumNode(s, ctx, path, opts) {
  const values = s.enum.filter((v) => v !== null);
  const placeholder = opts.required && !opts.nullable ? "— kies —" : "— niet ingevuld —";
  const control = selectControl(path, values, placeholder, s);
  const el = fieldWrap({
    id: fieldId(ctx, path),
    path,
    label: opts.label,
    required: opts.required,
    description: s.description,
    control,
    titles: titlesOf(s),
  });
  return {
    el,
    get: () => (control.value === "" ? undefined : values[Number(control.value)]),
    set: (v) => {
      const i = values.indexOf(v);
      control.value = i < 0 ? "" : String(i);
    },
  };
}

function jsonNode(s, ctx, path, opts) {
  // Anything the renderer has no widget for: edit it as JSON.
  const control = h("textarea", { rows: 3, name: path, class: "mono", spellcheck: "false" });
  const el = fieldWrap({
    id: fieldId(ctx, path),
    path,
    label: `${opts.label} (JSON)`,
    required: opts.required,
    description: s.description,
    control,
  });
  return {
    el,
    get: () => {
      if (control.value.trim() === "") return undefined;
      try {
        return JSON.parse(control.value);
      } catch {
        return control.value;
      }
    },
    set: (v) => {
      control.value = v === undefined || v === null ? "" : JSON.stringify(v, null, 2);
    },
  };
}

function objectNode(s, ctx, path, opts, exclude = null) {
  const id = fieldId(ctx, path);
  const required = new Set(s.required || []);
  const el = opts.root
    ? h("div", { class: "schema-object", "data-path": opts.bare ? null : path }, errorSlot(`${id}-err`))
    : groupWrap({ id, path, label: opts.label, description: s.description, required: opts.required });
  if (opts.bare) el.classList.add("bare");
  let outer = el;
  let fold = null;
  if (opts.fold) {
    fold = h(
      "details",
      { class: "group-fold", "data-fold": path, open: ctx.unfold(path) },
      h("summary", {}, opts.label || humanize(path), h("span", { class: "muted small fold-hint" }, " (invullen indien van toepassing)")),
      el,
    );
    outer = fold;
  }
  const children = [];
  for (const [key, prop] of Object.entries(s.properties || {})) {
    if (key === exclude) continue;
    const childPath = path ? `${path}.${key}` : key;
    const label = prop.title || deref(prop, ctx.root).title || humanize(key); // served Dutch title
    const node = buildNode(prop, ctx, childPath, { label, required: required.has(key) });
    children.push([key, node]);
    el.append(node.el);
  }
  const said = () => children.some(([, node]) => meaningful(node.get()) && !node.seeded());
  const setChildren = (v, seed) => {
    const obj = v && typeof v === "object" ? v : {};
    // A seed fills in what it names and leaves the rest as it is.
    for (const [key, node] of children) if (!seed || key in obj) node.set(obj[key], seed);
    if (fold && said()) fold.open = true;
  };
  return {
    el: outer,
    get: () => {
      // An optional group the therapist did not fill (at most seeds in it) is not sent.
      if (!opts.root && !opts.required && !said()) return undefined;
      const out = {};
      for (const [key, node] of children) {
        const v = node.get();
        if (v !== undefined) out[key] = v;
      }
      return out;
    },
    set: setChildren,
    seeded: () => !said() && children.some(([, node]) => node.seeded()),
  };
}

function itemEnum(items) {
  if (Array.isArray(items.enum)) return items.enum.filter((v) => v !== null);
  const alts = items.anyOf || items.oneOf;
  if (Array.isArray(alts) && alts.every((a) => "const" in a)) return alts.map((a) => a.const);
  return null;
}

function arrayNode(s, ctx, path, opts) {
  const id = fieldId(ctx, path);
  const items = deref(s.items || {}, ctx.root);
  const fs = groupWrap({ id, path, label: opts.label, description: s.description, required: opts.required, cls: "array" });
  const choices = itemEnum(items);

  // A nullable list distinguishes "not recorded" (null) from "none" ([]).
  let recorded = null;
  if (opts.nullable) {
    recorded = h("input", { type: "checkbox", name: `${path}.__recorded` });
    fs.append(
      fieldWrap({
        id: `${id}-recorded`,
        path: `${path}.__recorded`,
        label: "Vastleggen (een lege lijst betekent: geen)",
        control: recorded,
        check: true,
      }),
    );
  }
  const body = h("div", { class: "array-body" });
  fs.append(body);
  const syncRecorded = () => {
    if (recorded) body.hidden = !recorded.checked;
  };
  recorded?.addEventListener("change", syncRecorded);

  if (choices) {
    // A list of enum values: one checkbox per value.
    const boxes = choices.map((c, i) => {
      const box = h("input", { type: "checkbox", name: path, value: String(i) });
      body.append(
        fieldWrap({ id: `${id}-${i}`, path: `${path}.__choice${i}`, label: valueTitle(items, c), control: box, check: true }),
      );
      return box;
    });
    syncRecorded();
    return {
      el: fs,
      get: () => {
        if (recorded && !recorded.checked) return undefined;
        return choices.filter((_, i) => boxes[i].checked);
      },
      set: (v) => {
        if (recorded) recorded.checked = Array.isArray(v);
        boxes.forEach((b, i) => {
          b.checked = Array.isArray(v) && v.includes(choices[i]);
        });
        syncRecorded();
      },
    };
  }

  const isObject = typeOf(items) === "object" || Boolean(items.properties);
  // A row's own schema, without the docstring of its model (the list's description says it).
  const rowSchema = { ...items, description: undefined };
  const itemLabel = isObject && items.title ? humanize(items.title) : "Item";
  // A list that needs at least one text line starts with an empty one to type in.
  const startRows = !isObject && opts.required && (s.minItems ?? 0) >= 1 ? 1 : 0;
  const list = h("ol", { class: "rows" });
  const addBtn = h("button", { type: "button", class: "secondary small" }, `+ ${itemLabel} toevoegen`);
  body.append(list, addBtn);
  let rows = []; // {node, el, seedJSON}: a seeded row left as it was is not sent

  const untouched = (r) => r.seedJSON !== null && JSON.stringify(r.node.get()) === r.seedJSON;
  function render(entries) {
    rows = [];
    list.replaceChildren();
    entries.forEach((e) => addRow(e.value, e.seedJSON));
    while (rows.length < startRows) addRow(undefined, null);
  }
  function addRow(value, seedJSON = null) {
    const i = rows.length;
    const rowPath = `${path}.${i}`;
    const label = `${itemLabel} ${i + 1}`;
    const node = isObject
      ? buildNode(rowSchema, ctx, rowPath, { label, required: true })
      : buildNode(rowSchema, ctx, rowPath, { label, required: false });
    const remove = h(
      "button",
      { type: "button", class: "secondary small remove", "aria-label": `${label} verwijderen` },
      "Verwijderen",
    );
    remove.addEventListener("click", () => {
      const entries = rows.map((r) => ({ value: r.node.get(), seedJSON: r.seedJSON }));
      entries.splice(i, 1);
      render(entries);
      const next = rows[Math.min(i, rows.length - 1)];
      (next ? next.el.querySelector("button.remove") : addBtn).focus();
      list.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const li = h("li", { class: "row" }, node.el, remove);
    list.append(li);
    if (value !== undefined) node.set(value);
    rows.push({ node, el: li, seedJSON });
    return node;
  }
  addBtn.addEventListener("click", () => {
    if (recorded) recorded.checked = true;
    syncRecorded();
    addRow(undefined);
    const first = rows[rows.length - 1].el.querySelector("input, select, textarea");
    first?.focus();
    list.dispatchEvent(new Event("change", { bubbles: true }));
  });
  render([]);
  syncRecorded();

  return {
    el: fs,
    get: () => {
      if (recorded && !recorded.checked) return undefined;
      const vals = rows.filter((r) => !untouched(r)).map((r) => r.node.get());
      // An empty text row is not an item; object rows are kept so the server can point at them.
      return isObject ? vals.map((v) => v ?? {}) : vals.filter((v) => v !== undefined);
    },
    set: (v, seed = false) => {
      if (seed) {
        // Seed rows only into an empty list (never beside what the therapist wrote).
        if (!Array.isArray(v) || !v.length) return;
        if (rows.some((r) => !untouched(r) && r.node.get() !== undefined)) return;
        rows = [];
        list.replaceChildren();
        for (const x of v) {
          const node = addRow(x);
          rows[rows.length - 1].seedJSON = JSON.stringify(node.get());
        }
        return;
      }
      if (recorded) recorded.checked = Array.isArray(v);
      render((Array.isArray(v) ? v : []).map((x) => ({ value: x, seedJSON: null })));
      syncRecorded();
    },
    seeded: () => rows.length > 0 && rows.every(untouched),
  };
}

/** The property that tells the variants apart: given by `discriminator`, or found via const/enum. */
function discriminatorOf(s, variants) {
  const tagsOf = (v, prop) => {
    const p = v.properties?.[prop];
    if (!p) return null;
    if ("const" in p) return [p.const];
    if (Array.isArray(p.enum)) return p.enum;
    return null;
  };
  const candidates = s.discriminator?.propertyName
    ? [s.discriminator.propertyName]
    : Object.keys(variants[0]?.properties || {});
  for (const prop of candidates) {
    const tags = variants.map((v) => tagsOf(v, prop));
    if (tags.every(Boolean)) return { prop, tags };
  }
  return null;
}

function unionNode(s, variants, ctx, path, opts) {
  const id = fieldId(ctx, path);
  const disc = discriminatorOf(s, variants);
  // choices: [{label, value (tag or null), variant index}]
  const choices = [];
  if (disc) {
    disc.tags.forEach((tags, vi) =>
      tags.forEach((t) => {
        // The tag's served title: on its const, in its enum's oneOf, or the variant's own title.
        const p = deref(variants[vi].properties[disc.prop] || {}, ctx.root);
        const titled = p.title && "const" in p ? p.title : null;
        const named = valueTitle(p, t);
        const label = named !== humanize(t) ? named : titled || variants[vi].title || humanize(t);
        choices.push({ label, tag: t, vi });
      }),
    );
  } else {
    variants.forEach((v, vi) =>
      choices.push({ label: v.title ? humanize(v.title) : humanize(typeOf(v) || `keuze ${vi + 1}`), tag: null, vi }),
    );
  }
  const tagTitles = Object.fromEntries(choices.filter((c) => c.tag !== null).map((c) => [c.tag, c.label]));
  const fs = groupWrap({
    id,
    path,
    label: opts.label,
    description: s.description,
    required: opts.required,
    cls: "union",
    titles: tagTitles,
  });
  if (disc) fs.dataset.unionTags = choices.map((c) => c.tag).join(" ");
  const select = h("select", { name: disc ? `${path}.${disc.prop}` : path });
  const placeholder = opts.nullable ? "— niet ingevuld —" : "— kies —";
  select.append(h("option", { value: "" }, placeholder));
  choices.forEach((c, i) => select.append(h("option", { value: String(i) }, c.label)));
  const selPath = disc ? `${path}.${disc.prop}` : `${path}.__variant`;
  // The most telling description of the discriminator (the variants each describe their own tag).
  const discDesc = disc
    ? variants
        .map((v) => v.properties[disc.prop]?.description || "")
        .reduce((a, b) => (b.length > a.length ? b : a), "") || undefined
    : undefined;
  fs.append(
    fieldWrap({
      id: `${id}-variant`,
      path: selPath,
      label: disc ? s.discriminatorTitle || humanize(disc.prop) : "Soort",
      required: !opts.nullable,
      description: discDesc,
      control: select,
      titles: tagTitles,
    }),
  );
  const body = h("div", { class: "union-body" });
  fs.append(body);
  const nodes = new Map(); // variant index -> node; kept so switching back keeps what was typed

  function nodeFor(vi) {
    if (!nodes.has(vi)) {
      const v = variants[vi];
      const node =
        typeOf(v) === "object" || v.properties
          ? objectNode(v, ctx, path, { label: null, required: true, bare: true, root: true }, disc?.prop)
          : buildNode(v, ctx, path, { label: opts.label, required: true });
      nodes.set(vi, node);
    }
    return nodes.get(vi);
  }
  function show() {
    body.replaceChildren();
    if (select.value === "") return;
    body.append(nodeFor(choices[Number(select.value)].vi).el);
  }
  select.addEventListener("change", show);

  return {
    el: fs,
    get: () => {
      if (select.value === "") return undefined;
      const c = choices[Number(select.value)];
      const v = nodeFor(c.vi).get();
      if (!disc) return v;
      return { [disc.prop]: c.tag, ...(v || {}) };
    },
    set: (v) => {
      let idx = -1;
      if (v !== null && v !== undefined) {
        if (disc) idx = choices.findIndex((c) => c.tag === v[disc.prop]);
        else {
          const t = Array.isArray(v) ? "array" : typeof v;
          idx = choices.findIndex((c) => {
            const vt = typeOf(variants[c.vi]);
            return vt === t || (t === "number" && vt === "integer");
          });
        }
      }
      select.value = idx < 0 ? "" : String(idx);
      if (idx >= 0) nodeFor(choices[idx].vi).set(v);
      show();
    },
  };
}

// ---------- public API ----------

/**
 * Build a form for `schema`. basePath prefixes every field path, for a schema that sits inside a
 * larger request body (e.g. "payload" or "responses"). `fresh`: the form of a new record (an
 * optional date outside a list offers today when opened empty). `unfold(path)`: show that
 * optional group open even while it is empty.
 */
export function createSchemaForm(
  schema,
  { idPrefix = uid("f"), basePath = "", fresh = false, unfold = () => false } = {},
) {
  const ctx = { root: schema, idPrefix, fresh, unfold };
  const s = deref(schema, schema);
  const node =
    typeOf(s) === "object" && s.properties
      ? objectNode(s, ctx, basePath, { root: true, required: true })
      : buildNode(s, ctx, basePath, { label: humanize(s.title || "waarde"), required: true });
  const el = h("div", { class: "schema-form" }, node.el);
  const examples = Array.isArray(s.examples) ? s.examples : [];
  return {
    el,
    getValue: () => node.get() ?? {},
    setValue: (v) => node.set(v ?? {}),
    /** Offer starting values: only what `v` names, and a list only while it is empty. */
    seed: (v) => node.set(v ?? {}, true),
    example: examples.length ? examples[0] : null,
  };
}

// ---------- errors at the field ----------

function wrapperFor(container, field) {
  const segs = String(field ?? "")
    .split(".")
    .filter((x) => x !== "" && x !== "body");
  // Pydantic puts the tag of a discriminated union in the path (domeinen.urologisch.uitgevraagd.x);
  // the form does not: drop it.
  const clean = [];
  for (const seg of segs) {
    const prefix = clean.join(".");
    const union = container.querySelector(`[data-path="${CSS.escape(prefix)}"][data-union-tags]`);
    if (union && union.dataset.unionTags.split(" ").includes(seg)) continue;
    clean.push(seg);
  }
  for (let n = clean.length; n >= 0; n -= 1) {
    const p = clean.slice(0, n).join(".");
    const w = container.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (w) return { wrap: w, depth: n };
  }
  return { wrap: null, depth: 0 };
}

function primaryControl(wrap) {
  return wrap.querySelector(
    ":scope > input, :scope > select, :scope > textarea, :scope > output, input, select, textarea, button",
  );
}

/** Open every folded group around `el`, so it can be seen and focused. */
function openFolds(el) {
  for (let d = el.closest("details"); d; d = d.parentElement?.closest("details")) d.open = true;
}

export function clearErrors(container) {
  for (const slot of container.querySelectorAll(".field-error")) {
    slot.textContent = "";
    slot.hidden = true;
  }
  for (const w of container.querySelectorAll(".has-error")) w.classList.remove("has-error");
  for (const c of container.querySelectorAll("[aria-invalid], [aria-describedby]")) {
    c.removeAttribute("aria-invalid");
    const ids = (c.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.endsWith("-err"));
    if (ids.length) c.setAttribute("aria-describedby", ids.join(" "));
    else c.removeAttribute("aria-describedby");
  }
}

/**
 * Show each errors[] entry at its field. Returns [{error, control, label}] for an error summary.
 */
export function showErrors(container, errors) {
  clearErrors(container);
  const shown = [];
  for (const err of errors || []) {
    const { wrap } = wrapperFor(container, err.field);
    const text = errorText(err);
    if (!wrap) {
      shown.push({ error: err, text, control: null, label: err.field });
      continue;
    }
    const slot = wrap.querySelector(":scope > .field-error");
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
      slot.hidden = false;
    }
    wrap.classList.add("has-error");
    openFolds(wrap);
    const control = primaryControl(wrap);
    const group = wrap.tagName === "FIELDSET";
    if (group && slot) {
      // The group as a whole is wrong (e.g. "give a diagnosis or a question"): describe the
      // fieldset, and do not mark its first input as the invalid one.
      const ids = new Set((wrap.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
      ids.add(slot.id);
      wrap.setAttribute("aria-describedby", [...ids].join(" "));
    } else if (control && slot) {
      control.setAttribute("aria-invalid", "true");
      const ids = new Set((control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
      ids.add(slot.id);
      control.setAttribute("aria-describedby", [...ids].join(" "));
    }
    const label =
      wrap.querySelector(":scope > label, :scope > legend")?.textContent?.replace(/\s*\*$/, "") || err.field;
    shown.push({ error: err, text, control, label });
  }
  return shown;
}

/** An error summary with a button per error that moves focus to its field. */
export function errorSummary(title, shown) {
  const box = h("div", { class: "message message-error", role: "alert", tabindex: "-1" }, h("p", {}, h("strong", {}, title)));
  if (shown.length) {
    const ul = h("ul", {});
    for (const s of shown) {
      const text = `${s.label}: ${s.text}`;
      ul.append(
        h(
          "li",
          {},
          s.control
            ? h("button", { type: "button", class: "link", onclick: () => s.control.focus() }, text)
            : text,
        ),
      );
    }
    box.append(ul);
  }
  return box;
}

/** Focus the field at a dotted path (e.g. an unmet gate's field), if the form has it. */
export function focusField(container, path) {
  const { wrap, depth } = wrapperFor(container, path);
  if (!wrap || depth === 0) return false;
  const c = primaryControl(wrap);
  if (!c) return false;
  openFolds(c);
  c.focus();
  c.scrollIntoView({ block: "center" });
  return true;
}

/** The served Dutch title of the field at a dotted path ("productevaluatie.doelen") of a form
 * schema, or null when the schema has no such field. */
export function fieldTitle(schema, path) {
  const root = schema || {};
  let s = deref(root, root);
  let title = null;
  for (const key of String(path || "").split(".").filter(Boolean)) {
    s = unwrap(s, root);
    if (/^\d+$/.test(key)) {
      s = deref(s.items || {}, root);
      continue;
    }
    const p = s.properties?.[key];
    if (!p) return null;
    title = p.title || deref(p, root).title || humanize(key);
    s = deref(p, root);
  }
  return title;
}

/** The values of the enum at a dotted path of a form schema ("subdoelen.0.odim_domein"). */
export function enumAt(schema, path) {
  const root = schema || {};
  let s = deref(root, root);
  for (const key of String(path || "").split(".").filter(Boolean)) {
    s = unwrap(s, root);
    s = /^\d+$/.test(key) ? deref(s.items || {}, root) : deref(s.properties?.[key] || {}, root);
  }
  s = unwrap(s, root);
  return Array.isArray(s.enum) ? s.enum.filter((v) => v !== null) : [];
}

/** "X or null" as X (a nullable field's schema). */
function unwrap(s, root) {
  const variants = s.anyOf || s.oneOf;
  if (Array.isArray(s.enum) || !Array.isArray(variants)) return s;
  const nonNull = variants.map((v) => deref(v, root)).filter((v) => !isNullSchema(v));
  return nonNull.length === 1 ? { ...nonNull[0], title: s.title, description: s.description } : s;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Read-only rendering of a saved record. With the form's schema (and its root, for $refs) the
 * fields and choices read as the served Dutch titles, and dates as dd-mm-jjjj.
 */
export function renderValue(v, schema = null, root = null) {
  const r = root || schema || {};
  const s = schema ? unwrap(deref(schema, r), r) : {};
  if (v === null || v === undefined || v === "") return h("span", { class: "muted" }, "—");
  if (v === true) return "Ja";
  if (v === false) return "Nee";
  if (Array.isArray(v)) {
    if (!v.length) return h("span", { class: "muted" }, "geen");
    const items = s.items ? deref(s.items, r) : null;
    return h("ul", { class: "plain" }, v.map((x) => h("li", {}, renderValue(x, items, r))));
  }
  if (typeof v === "object") {
    const dl = h("dl", { class: "kv" });
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined) continue;
      const p = s.properties?.[k];
      const title = p ? p.title || deref(p, r).title || humanize(k) : humanize(k);
      dl.append(h("dt", {}, title), h("dd", {}, renderValue(x, p || null, r)));
    }
    return dl;
  }
  if (typeof v === "number") return String(v).replace(".", ",");
  if (Array.isArray(s.enum) || (s.oneOf || []).some((o) => o && "const" in o)) return valueTitle(s, v);
  if (s.format === "date" || (typeof v === "string" && ISO_DAY.test(v))) return fmtDay(v);
  if (s.format === "date-time") return fmtDayTime(v);
  return String(v);
}
