import { api, session, workflows } from "../api.js";
import { h, todayNL } from "../dom.js";
import { LEEFTIJD_LABEL as LEEFTIJD, REGISTRATIE_PROFILE, ROUTE_LABEL, VERWIJZER_LABEL as VERWIJZER, humanize } from "../labels.js";
import { flash, navigate } from "../nav.js";
import { clearErrors, errorSummary, fieldWrap, showErrors } from "../schema-form.js";

function select(options, placeholder) {
  const s = h("select", {});
  if (placeholder) s.append(h("option", { value: "" }, placeholder));
  for (const [v, label] of Object.entries(options)) s.append(h("option", { value: v }, label));
  return s;
}

/** The profiles this therapist may start: their valid registrations (an expired specialist one
 * does not count), as far as the server offers them. */
export function allowedProfiles(me, offered) {
  const names = offered.map((w) => w.profile);
  if (me.kind !== "therapist") return names;
  const valid = (me.registraties || []).filter((r) => r.geldig);
  const mine = new Set(valid.map((r) => REGISTRATIE_PROFILE[r.register]).filter(Boolean));
  return names.filter((p) => mine.has(p));
}

export async function renderNewEpisode(main, ctx) {
  const offered = await workflows();
  if (!ctx.isCurrent()) return;
  const profiles = allowedProfiles(session.me, offered);
  main.append(h("h1", {}, "Nieuwe episode"));
  if (!profiles.length) {
    main.append(
      h("p", { class: "message message-warning" }, "Je registraties geven toegang tot geen van de profielen op deze server."),
    );
    return;
  }

  const f = (id, path, label, control, opts = {}) => fieldWrap({ id: `new-${id}`, path, label, control, ...opts });
  const clientRef = h("input", { type: "text", autocomplete: "off", maxlength: 64 });
  // The served Dutch title of each profile ("Bekkenoefentherapie").
  const titles = new Map(offered.map((w) => [w.profile, w.title || humanize(w.profile)]));
  const profile = select(Object.fromEntries(profiles.map((p) => [p, titles.get(p)])));
  const routeRadios = Object.entries(ROUTE_LABEL).map(([v, label], i) => {
    const r = h("input", { type: "radio", name: "route", value: v, checked: i === 0 });
    return { r, el: f(`route-${v}`, `route.__${v}`, label, r, { check: true }) };
  });
  const leeftijd = select(LEEFTIJD, "— kies —");
  const geboortedatum = h("input", { type: "date" });
  const wilsbekwaam = h("input", { type: "checkbox", checked: true });
  const verwijzer = select(VERWIJZER, "— kies —");
  const verwDatum = h("input", { type: "date", max: todayNL() });
  const verwDiagnose = h("textarea", { rows: 2, maxlength: 1000 });
  const verwVraag = h("textarea", { rows: 2, maxlength: 2000 });
  const aangemeld = h("input", { type: "date", value: todayNL(), max: todayNL() });

  const verwijzingSet = h(
    "fieldset",
    { class: "group", "data-path": "verwijzing", hidden: true },
    h("legend", {}, "Verwijzing"),
    h("p", { class: "field-error", id: "new-verwijzing-err", hidden: true }),
    f("verwijzer_type", "verwijzing.verwijzer_type", "Verwijzer", verwijzer, { required: true }),
    f("verwijzing-datum", "verwijzing.datum", "Datum van de verwijzing", verwDatum, { required: true }),
    f("verwijsdiagnose", "verwijzing.verwijsdiagnose", "Verwijsdiagnose", verwDiagnose, {
      description: "Geef een verwijsdiagnose of een verwijsvraag.",
    }),
    f("vraag", "verwijzing.vraag", "Verwijsvraag", verwVraag),
  );
  const route = () => routeRadios.find((x) => x.r.checked)?.r.value;
  for (const { r } of routeRadios) {
    r.addEventListener("change", () => {
      verwijzingSet.hidden = route() !== "verwijzing";
    });
  }

  const summary = h("div", {});
  const submit = h("button", { type: "submit" }, "Episode aanmaken");
  const form = h(
    "form",
    { class: "card", novalidate: true, id: "new-episode" },
    summary,
    h("div", { class: "schema-object", "data-path": "" }, h("p", { class: "field-error", id: "new-root-err", hidden: true })),
    f("client_ref", "client_ref", "Cliëntreferentie", clientRef, {
      required: true,
      description: "De referentie uit het EPD (letters, cijfers en . _ : -); nooit een naam of BSN.",
    }),
    f("profile", "profile", "Profiel", profile, {
      required: true,
      description: "Alleen de profielen waarvoor je geregistreerd bent.",
    }),
    h(
      "fieldset",
      { class: "group", "data-path": "route" },
      h("legend", {}, "Route", h("span", { class: "req" }, " *")),
      h("p", { class: "field-error", id: "new-route-err", hidden: true }),
      routeRadios.map((x) => x.el),
    ),
    h(
      "fieldset",
      { class: "group", "data-path": "client" },
      h("legend", {}, "Cliënt"),
      h("p", { class: "field-error", id: "new-client-err", hidden: true }),
      f("leeftijdsgroep", "client.leeftijdsgroep", "Leeftijdsgroep", leeftijd, {
        description: "Of vul de geboortedatum in.",
      }),
      f("geboortedatum", "client.geboortedatum", "Geboortedatum", geboortedatum),
      f("wilsbekwaam", "client.wilsbekwaam", "Wilsbekwaam", wilsbekwaam, {
        check: true,
        description: "Niet wilsbekwaam: naasten of vertegenwoordigers werken mee.",
      }),
    ),
    verwijzingSet,
    f("aangemeld_op", "aangemeld_op", "Aangemeld op", aangemeld),
    h("div", { class: "actions" }, submit, h("a", { class: "button secondary", href: "#/episodes" }, "Annuleren")),
  );

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    summary.replaceChildren();
    const client = { wilsbekwaam: wilsbekwaam.checked };
    if (leeftijd.value) client.leeftijdsgroep = leeftijd.value;
    if (geboortedatum.value) client.geboortedatum = geboortedatum.value;
    const body = { client_ref: clientRef.value.trim(), profile: profile.value, route: route(), client };
    if (aangemeld.value) body.aangemeld_op = aangemeld.value;
    if (body.route === "verwijzing") {
      const v = {};
      if (verwijzer.value) v.verwijzer_type = verwijzer.value;
      if (verwDatum.value) v.datum = verwDatum.value;
      if (verwDiagnose.value.trim()) v.verwijsdiagnose = verwDiagnose.value.trim();
      if (verwVraag.value.trim()) v.vraag = verwVraag.value.trim();
      body.verwijzing = v;
    }
    submit.disabled = true;
    try {
      const { data } = await api("POST", "/v1/episodes", { body });
      flash(`Episode ${data.client_ref} is aangemaakt.`, "success");
      navigate(`#/episodes/${data.id}`);
    } catch (e) {
      if (e.status === 401) return;
      const shown = showErrors(form, e.errors);
      const box = errorSummary(e.status === 422 ? "De episode is niet aangemaakt. Controleer:" : e.message, shown);
      summary.append(box);
      box.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(form);
}
