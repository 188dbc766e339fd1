// Dutch labels for the engine's identifiers, and Dutch wording of validation errors.

export const STEPS = [
  "screening",
  "anamnese",
  "onderzoek",
  "diagnose",
  "behandelplan",
  "behandeling",
  "evaluatie",
  "afsluiting",
];

export const STATUS_LABEL = {
  screening: "Screening",
  anamnese: "Anamnese",
  onderzoek: "Onderzoek",
  diagnose: "Diagnose",
  behandelplan: "Behandelplan",
  behandeling: "Behandeling",
  evaluatie: "Evaluatie",
  afsluiting: "Afsluiting",
  afgesloten: "Afgesloten",
};

export const REGISTRATIE_PROFILE = {
  oefentherapeut: "algemeen",
  bekkenoefentherapeut: "bekken",
  psychosomatisch_oefentherapeut: "psychosomatisch",
};

// The registers of the Kwaliteitsregister Paramedici, and a therapist's role in the practice.
export const REGISTER_LABEL = {
  oefentherapeut: "Oefentherapeut",
  bekkenoefentherapeut: "Bekkenoefentherapeut",
  psychosomatisch_oefentherapeut: "Psychosomatisch oefentherapeut",
  kinderoefentherapeut: "Kinderoefentherapeut",
  geriatrie_oefentherapeut: "Geriatrie-oefentherapeut",
};

export const THERAPIST_ROL_LABEL = { therapeut: "Therapeut", praktijkbeheerder: "Praktijkbeheerder" };

// The client facts the rules use (workflows/client.py).
export const LEEFTIJDSGROEP_LABEL = {
  kind_onder_12: "Kind jonger dan 12 jaar",
  jeugd_12_tot_18: "Jongere van 12 tot 18 jaar",
  volwassene: "Volwassene (18 jaar of ouder)",
};

export const GESLACHT_LABEL = { vrouw: "Vrouw", man: "Man", ongedifferentieerd: "Ongedifferentieerd", onbekend: "Onbekend" };

export const ROUTE_LABEL = { dto: "Directe toegang (DTO)", verwijzing: "Verwijzing" };

export const KIND_LABEL = {
  voorwaarts: "Volgende stap",
  lus: "Terug in het proces",
  uitstroom: "Uitstroom: afsluiten zonder (verdere) behandeling",
};

export const MOMENT_LABEL = { baseline: "Beginmeting", tussentijds: "Tussentijds", eind: "Eindmeting" };

export const EVENT_LABEL = {
  created: "Episode aangemaakt",
  record_saved: "Formulier opgeslagen",
  transition: "Naar een andere stap",
  measurement_added: "Meting vastgelegd",
  sessie_added: "Sessie toegevoegd",
  handover: "Overgedragen",
  handed_over: "Overgedragen aan een collega",
  client_facts_changed: "Cliëntgegevens gewijzigd",
  contact_added: "Contact toegevoegd",
  toestemming: "Toestemming vastgelegd",
  bericht_gemaakt: "Bericht gemaakt",
  bericht_verzonden: "Bericht verzonden",
  record_corrected: "Vastlegging gecorrigeerd",
};

export const LEEFTIJD_LABEL = {
  kind_onder_12: "Kind onder 12",
  jeugd_12_tot_18: "Jeugd 12 tot 18",
  volwassene: "Volwassene",
};

export const VERWIJZER_LABEL = {
  huisarts: "Huisarts",
  medisch_specialist: "Medisch specialist",
  bedrijfsarts: "Bedrijfsarts",
  jeugdarts: "Jeugdarts",
  andere_arts: "Andere arts",
};

// Berichten, contacts and consent to share (issue 12).
export const SOORT_LABEL = {
  eerste_bericht: "Eerste bericht",
  tussenbericht: "Tussenbericht",
  eindverslag: "Eindverslag",
};

export const ROL_LABEL = {
  verwijzer: "Verwijzer",
  huisarts: "Huisarts",
  medisch_specialist: "Medisch specialist",
  collega: "Collega",
  anders: "Anders",
};

export const DOEL_LABEL = {
  eerste_bericht: "Eerste bericht",
  tussenbericht: "Tussenbericht",
  eindverslag: "Eindverslag",
  intercollegiaal_overleg: "Intercollegiaal overleg",
  tijdelijke_verwijzing: "Tijdelijke verwijzing",
  ldo: "Uitkomstdata aan de LDO",
};

export const BESLUIT_LABEL = { gegeven: "Gegeven", geweigerd: "Geweigerd", ingetrokken: "Ingetrokken" };

export const DOOR_LABEL = { client: "Cliënt", ouders: "Ouders of voogd", vertegenwoordiger: "Vertegenwoordiger" };

export const WIJZE_LABEL = { mondeling: "Mondeling", schriftelijk: "Schriftelijk" };

export function humanize(id) {
  if (id === null || id === undefined) return "";
  const s = String(id)
    .replace(/([a-z])([A-Z])/g, (_, a, b) => `${a} ${b.toLowerCase()}`)
    .replace(/_/g, " ")
    .trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const statusLabel = (s) => STATUS_LABEL[s] || humanize(s);

// A part of a bracketed remark that cites a source document rather than saying something to the
// clinician: "003 §2.2", "004 ch.2", "000 hoofdstuk 1", "§1.3".
const CITATION = /^(?:\d{3}\b|§|ch\.|hoofdstuk\b|DOMAIN\.md|engine policy)/i;

/**
 * A served text as a clinician reads it: the source citations the engine keeps beside its rules
 * ("(003 §2.2)", "(meestal participatie, 003 §1.3)") and references to rule ids
 * ("(toestemming.delen)") stay out of sight; the rest of a bracketed remark stays.
 */
export function clinicianText(text) {
  if (text === null || text === undefined) return "";
  return String(text)
    .replace(/\s*\(([^()]*)\)/g, (whole, inner) => {
      if (/^[a-z_]+(?:\.[a-z_]+)+$/.test(inner.trim())) return "";
      const parts = inner.split(/\s*[;,]\s*/);
      const keep = parts.filter((p) => !CITATION.test(p.trim()) && !p.includes("§"));
      if (keep.length === parts.length) return whole;
      return keep.length ? ` (${keep.join(", ")})` : "";
    })
    .replace(/[,;]?\s*\b\d{3}\s*§\s*[\d.]*\d/g, "")
    .replace(/§\s*/g, "paragraaf ")
    .replace(/([a-z0-9])_(?=[a-z0-9])/g, "$1 ") // a code left in the text reads as words
    .replace(/\[\]/g, "een lege lijst")
    .replace(/\s+([.,;:])/g, "$1")
    .trim();
}

function lastNumber(message) {
  const m = String(message || "").match(/-?\d+(?:\.\d+)?/g);
  return m ? m[m.length - 1] : "";
}

const TRANSLATE = {
  missing: () => "Dit veld is verplicht.",
  string_too_short: (m) =>
    lastNumber(m) === "1" ? "Vul dit veld in." : `Gebruik minstens ${lastNumber(m)} tekens.`,
  string_too_long: (m) => `Gebruik hoogstens ${lastNumber(m)} tekens.`,
  too_short: (m) => `Geef er minstens ${lastNumber(m)}.`,
  too_long: (m) => `Geef er hoogstens ${lastNumber(m)}.`,
  less_than_equal: (m) => `De waarde mag hoogstens ${lastNumber(m)} zijn.`,
  less_than: (m) => `De waarde moet kleiner zijn dan ${lastNumber(m)}.`,
  greater_than_equal: (m) => `De waarde moet minstens ${lastNumber(m)} zijn.`,
  greater_than: (m) => `De waarde moet groter zijn dan ${lastNumber(m)}.`,
  int_parsing: () => "Vul een geheel getal in.",
  int_type: () => "Vul een geheel getal in.",
  int_from_float: () => "Vul een geheel getal in.",
  float_parsing: () => "Vul een getal in.",
  float_type: () => "Vul een getal in.",
  bool_parsing: () => "Kies ja of nee.",
  bool_type: () => "Kies ja of nee.",
  literal_error: () => "Kies een van de opties.",
  enum: () => "Kies een van de opties.",
  union_tag_invalid: () => "Kies een van de opties.",
  union_tag_not_found: () => "Kies een van de opties.",
  date_parsing: () => "Vul een geldige datum in.",
  date_from_datetime_parsing: () => "Vul een geldige datum in.",
  date_type: () => "Vul een geldige datum in.",
  string_pattern_mismatch: () => "Dit formaat is niet toegestaan.",
  string_type: () => "Vul tekst in.",
  list_type: () => "Vul een lijst in.",
  extra_forbidden: () => "Dit veld hoort hier niet.",
};

/** A field error of a 422 problem, in Dutch where the server's text is pydantic's English. */
export function errorText(err) {
  const msg = String(err.message || "");
  if (err.code === "value_error") {
    const t = msg.replace(/^Value error,\s*/, "");
    return t.charAt(0).toUpperCase() + t.slice(1);
  }
  const t = TRANSLATE[err.code];
  if (t) return t(msg);
  // The server's own (Dutch) rule messages, e.g. "mag niet in de toekomst liggen".
  return msg ? msg.charAt(0).toUpperCase() + msg.slice(1) : err.code || "Ongeldige waarde.";
}
