// Mijn account (#/account): who I am (role, registrations with their end dates), two-factor
// login, and changing my own password (POST /v1/me/password; my other sessions end).

import { api, session } from "../api.js";
import { registrationList } from "../admin.js";
import { h, setMessage } from "../dom.js";
import { THERAPIST_ROL_LABEL, humanize } from "../labels.js";
import { clearErrors, errorSummary, fieldWrap, showErrors } from "../schema-form.js";

const MIN_LENGTH = 12;

function fact(term, ...value) {
  return [h("dt", {}, term), h("dd", {}, ...value)];
}

function aboutMe(me) {
  return h(
    "section",
    { class: "card", "aria-labelledby": "account-me-title", id: "account-me" },
    h("h2", { id: "account-me-title" }, "Over mij"),
    h(
      "dl",
      { class: "kv about" },
      fact("Naam", me.naam),
      fact("Rol", THERAPIST_ROL_LABEL[me.rol] || humanize(me.rol || "therapeut")),
      fact("Registraties in het Kwaliteitsregister Paramedici", registrationList(me.registraties)),
      fact("Bevoegd voor inwendig onderzoek", me.inwendig_onderzoek_bevoegd ? "Ja" : "Nee"),
    ),
    h(
      "p",
      { class: "help" },
      "Klopt er iets niet, of is een registratie verlengd? De praktijkbeheerder past het aan onder Therapeuten.",
    ),
  );
}

function twoFactor(me) {
  return h(
    "section",
    { class: "card", "aria-labelledby": "account-totp-title", id: "account-totp" },
    h("h2", { id: "account-totp-title" }, "Inloggen met een code"),
    me.totp_enrolled
      ? [
          h("p", {}, h("strong", {}, "Ingesteld. "), "Bij het inloggen vraagt methodisch ook een code uit je authenticator-app."),
          h(
            "p",
            { class: "help" },
            "Telefoon kwijt of een nieuwe? Vraag een praktijkbeheerder om inloggen met een code voor je te herstellen; daarna stel je het opnieuw in.",
          ),
        ]
      : [
          h(
            "p",
            {},
            h("strong", {}, "Nog niet ingesteld. "),
            "Met een code uit een authenticator-app op je telefoon is je account veel beter beschermd dan met alleen een wachtwoord.",
          ),
          h("p", {}, h("a", { class: "button secondary", href: "#/totp", id: "account-totp-link" }, "Inloggen met een code instellen")),
        ],
  );
}

function passwordForm() {
  const huidig = h("input", { type: "password", autocomplete: "current-password", required: true });
  const nieuw = h("input", { type: "password", autocomplete: "new-password", required: true, minlength: MIN_LENGTH });
  const herhaal = h("input", { type: "password", autocomplete: "new-password", required: true });
  const result = h("div", { id: "password-result", role: "status", hidden: true });
  const summary = h("div", {});
  const submit = h("button", { type: "submit" }, "Wachtwoord wijzigen");
  const form = h(
    "form",
    { class: "card narrow-form", novalidate: true, id: "password-form", "aria-labelledby": "password-title" },
    h("h2", { id: "password-title" }, "Wachtwoord wijzigen"),
    result,
    summary,
    fieldWrap({ id: "pw-huidig", path: "huidig", label: "Huidig wachtwoord", required: true, control: huidig }),
    fieldWrap({
      id: "pw-nieuw",
      path: "nieuw",
      label: "Nieuw wachtwoord",
      required: true,
      control: nieuw,
      description: `Minstens ${MIN_LENGTH} tekens. Een zin van een paar woorden is lang én goed te onthouden.`,
    }),
    fieldWrap({ id: "pw-herhaal", path: "herhaal", label: "Herhaal het nieuwe wachtwoord", required: true, control: herhaal }),
    h(
      "p",
      { class: "help" },
      "Na het wijzigen ben je op je andere apparaten uitgelogd; hier blijf je ingelogd.",
    ),
    h("div", { class: "actions" }, submit),
  );

  const fail = (title, errors) => {
    const shown = showErrors(form, errors);
    const box = errorSummary(title, shown);
    summary.replaceChildren(box);
    box.focus();
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    summary.replaceChildren();
    setMessage(result, "");
    const errors = [];
    const wrong = (field, message) => errors.push({ field, code: "value_error", message });
    if (!huidig.value) wrong("huidig", "Vul je huidige wachtwoord in.");
    if (nieuw.value.length < MIN_LENGTH) wrong("nieuw", `Gebruik minstens ${MIN_LENGTH} tekens.`);
    else if (herhaal.value !== nieuw.value) wrong("herhaal", "Dit is niet hetzelfde als het nieuwe wachtwoord. Typ het nog een keer.");
    if (errors.length) {
      fail("Je wachtwoord is niet gewijzigd. Controleer:", errors);
      return;
    }
    submit.disabled = true;
    try {
      await api("POST", "/v1/me/password", { body: { huidig: huidig.value, nieuw: nieuw.value } });
      form.reset();
      setMessage(
        result,
        "Je wachtwoord is gewijzigd. Op je andere apparaten ben je uitgelogd; log daar in met het nieuwe wachtwoord.",
        "success",
      );
    } catch (e) {
      if (e.status === 401) return;
      if (e.status === 422 && e.errors.length) {
        const errs = e.errors.map((err) =>
          err.code === "password.wrong" ? { ...err, message: "Dit is niet je huidige wachtwoord." } : err,
        );
        if (errs.some((err) => err.code === "password.wrong")) huidig.value = "";
        fail("Je wachtwoord is niet gewijzigd. Controleer:", errs);
      } else {
        const box = h("div", { role: "alert", tabindex: "-1" });
        setMessage(box, e.message, "error");
        summary.replaceChildren(box);
        box.focus();
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function renderAccount(main, ctx) {
  // Fresh: a praktijkbeheerder may have changed a registration since the login.
  const me = (await api("GET", "/v1/me")).data;
  if (!ctx.isCurrent()) return;
  session.me = me;
  main.append(
    h("h1", {}, "Mijn account"),
    h("div", { class: "account-grid" }, h("div", {}, aboutMe(me), twoFactor(me)), passwordForm()),
  );
}
