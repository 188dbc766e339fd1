// Shared by the episode's own screens beside the episode page (overdracht.js, clientgegevens.js,
// versies.js): loading the episode, the way back to it, names of who acted, the served form
// schema read for its Dutch titles, and a jump from an open requirement to its field.

import { allTherapists } from "../admin.js";
import { api } from "../api.js";
import { fmtDate, fmtDateTime, h } from "../dom.js";
import { humanize } from "../labels.js";
import { navigate } from "../nav.js";
import { focusField, valueTitle } from "../schema-form.js";

/** GET /v1/episodes/{id}: the episode and the ETag to send back as If-Match. */
export async function loadEpisode(id) {
  const res = await api("GET", `/v1/episodes/${id}`);
  return { ep: res.data, etag: res.etag || `"${res.data.version}"` };
}

/** The episode, or null after showing the not-found page (404: not there, or not of this
 * practice). */
export async function loadEpisodeOrNotFound(main, id) {
  try {
    return await loadEpisode(id);
  } catch (e) {
    if (e.status === 404) {
      episodeNotFound(main);
      return null;
    }
    throw e;
  }
}

/** The page for an episode that is not there (or not of this practice), with a way back. */
export function episodeNotFound(main) {
  main.replaceChildren(
    h("h1", {}, "Episode niet gevonden"),
    h(
      "p",
      { class: "message message-warning", id: "not-found" },
      "Deze episode bestaat niet, of hoort niet bij jouw praktijk.",
    ),
    h("p", {}, h("a", { href: "#/episodes" }, "Terug naar de episodes")),
  );
}

/** The way back to the episode page. */
export function backToEpisode(ep) {
  return h("p", { class: "crumbs" }, h("a", { href: `#/episodes/${ep.id}` }, `← Episode ${ep.client_ref}`));
}

/** Every therapist of the practice (active or not); empty where the API does not list them. */
export async function practiceTeam() {
  try {
    return await allTherapists();
  } catch (e) {
    if (e.status === 403) return [];
    throw e;
  }
}

/** Who acted, as a name: "therapist:3" -> "P. de Vries"; an EPD integration says so. */
export function actorName(ref, team) {
  const m = /^(therapist|api_client):(\d+)$/.exec(ref || "");
  if (m && m[1] === "therapist") {
    const t = team.find((x) => x.id === Number(m[2]));
    return t ? t.naam : "een (voormalig) collega";
  }
  if (m) return "een koppeling met het EPD";
  return "onbekend";
}

/**
 * A rule's message for a clinician: the source citations the engine keeps beside its rules
 * ("(003 §2.2)", "(004 ch.2)") stay out of sight; the law itself ("WGBO art. 7:450") stays.
 */
export function plain(text) {
  return String(text || "")
    .replace(/[,;]?\s*\b0\d{2}\s+(?:§\s*[\d.]*\d|ch\.\s*\d+|hoofdstuk\s+\d+)/g, "")
    .replace(/[,;]?\s*§\s*[\d.]*\d/g, "")
    .replace(/\(\s*[,;]\s*/g, "(")
    .replace(/\s*\(\s*\)/g, "")
    .replace(/\s+([.,;:])/g, "$1")
    .trim();
}

// ---------- the served JSON Schema of a step's form, read for titles ----------

function lookup(root, ref) {
  if (!String(ref).startsWith("#/")) return {};
  let node = root;
  for (const raw of ref.slice(2).split("/")) node = node?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  return node || {};
}

const isNull = (s) => s && (s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null));

/** Follow $ref, a lone allOf, and "X or null" to the schema that describes a value. */
export function deref(schema, root) {
  let s = schema || {};
  for (let guard = 0; guard < 32; guard += 1) {
    if (s.$ref) {
      const { $ref, ...siblings } = s;
      s = { ...lookup(root, $ref), ...siblings };
    } else if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.type && !s.properties) {
      const { allOf, ...siblings } = s;
      s = { ...allOf[0], ...siblings };
    } else if (!s.enum && Array.isArray(s.anyOf || s.oneOf)) {
      const variants = (s.anyOf || s.oneOf).filter((v) => !isNull(v));
      if (variants.length !== 1 || "const" in variants[0]) break;
      const { anyOf, oneOf, ...siblings } = s;
      s = { ...variants[0], ...siblings };
    } else {
      break;
    }
  }
  return s;
}

/** The served Dutch title of a property (or its key, made readable). */
export function propTitle(parent, key, root) {
  const p = parent?.properties?.[key];
  if (!p) return humanize(key);
  return p.title || deref(p, root).title || humanize(key);
}

export { valueTitle }; // one definition, in schema-form.js

/** The step of a workflow definition (GET /v1/workflows/{profile}) and its title. */
export function stepOf(wf, name) {
  const step = (wf?.steps || []).find((s) => s.name === name);
  return { step, title: step?.title || humanize(name) };
}

/**
 * Where an open requirement points ("anamnese.solk_complexiteit"), in words:
 * {step, stepTitle, path, fieldTitle}; fieldTitle is null when it names the step as a whole.
 */
export function describeField(wf, field) {
  const [stepName, ...rest] = String(field || "").split(".");
  const { step, title } = stepOf(wf, stepName);
  if (!step) return null;
  const root = step.form_schema || {};
  let s = deref(root, root);
  const titles = [];
  for (const key of rest) {
    if (/^\d+$/.test(key)) {
      titles.push(`nr. ${Number(key) + 1}`);
      s = deref(s.items || {}, root);
      continue;
    }
    titles.push(propTitle(s, key, root));
    s = deref(s.properties?.[key] || {}, root);
  }
  return { step: stepName, stepTitle: title, path: rest.join("."), fieldTitle: titles.length ? titles.join(" › ") : null };
}

/** A saved value as a clinician reads it, with the served titles of fields and choices. */
export function showValue(v, schema, root) {
  const s = deref(schema, root);
  if (v === null || v === undefined || v === "") return h("span", { class: "muted" }, "(leeg)");
  if (v === true) return "Ja";
  if (v === false) return "Nee";
  if (Array.isArray(v)) {
    if (!v.length) return h("span", { class: "muted" }, "(geen)");
    return h("ul", { class: "plain" }, v.map((x) => h("li", {}, showValue(x, s.items, root))));
  }
  if (typeof v === "object") {
    const dl = h("dl", { class: "kv" });
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined) continue;
      dl.append(h("dt", {}, propTitle(s, k, root)), h("dd", {}, showValue(x, s.properties?.[k], root)));
    }
    return dl;
  }
  if (typeof v === "number") return String(v).replace(".", ",");
  if (Array.isArray(s.enum) || s.oneOf || s.anyOf) return valueTitle(s, v);
  if (s.format === "date") return fmtDate(v);
  if (s.format === "date-time") return fmtDateTime(v);
  return String(v);
}

// ---------- from an open requirement to its field on the episode page ----------

let pendingField = null;

/**
 * Open the episode page with the focus on a field of the current step's form (the path an
 * unmet requirement names, without its step). The shell calls focusPendingField once the page
 * has rendered.
 */
export function openEpisodeAt(episodeId, path) {
  const hash = `#/episodes/${episodeId}`;
  pendingField = { hash, path };
  navigate(hash);
}

/** Called by the shell (app.js) after each render: focus the field asked for, if it is there. */
export function focusPendingField(main) {
  const p = pendingField;
  pendingField = null;
  if (!p || location.hash !== p.hash) return false;
  const form = main.querySelector("#step-form");
  return form ? focusField(form, p.path) : false;
}
