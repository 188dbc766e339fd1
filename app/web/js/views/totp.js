// Setting up two-factor login: a new secret for an authenticator app, confirmed with a code.
// Reached on purpose (the link in the header) or because login said it must come first.

import { api, clearCache, session } from "../api.js";
import { h, setMessage } from "../dom.js";
import { flash, navigate } from "../nav.js";

export async function renderTotp(main, ctx) {
  const me = session.me;
  main.append(h("h1", {}, "Inloggen met een code instellen"));
  if (me.totp_enrolled) {
    // Set up already, but this token came from a login without a code.
    main.append(
      h(
        "div",
        { class: "card narrow" },
        h("p", {}, "Inloggen met een code is voor jou ingesteld. Log opnieuw in, met de code uit je app."),
        h("div", { class: "actions" }, h("a", { href: "#/login", id: "totp-relogin" }, "Opnieuw inloggen")),
      ),
    );
    return;
  }
  const { data } = await api("POST", "/v1/me/totp");
  if (!ctx.isCurrent()) return;
  const msg = h("div", { class: "message", role: "alert", hidden: true });
  const code = h("input", {
    id: "totp-confirm-code",
    name: "code",
    type: "text",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    required: true,
    maxlength: 7,
  });
  const submit = h("button", { type: "submit" }, "Bevestigen");
  const form = h(
    "form",
    { class: "card narrow", novalidate: true },
    msg,
    h(
      "p",
      {},
      me.access === "full"
        ? "Na het instellen vraagt inloggen steeds ook een code uit je authenticator-app."
        : "Je praktijk vraagt bij het inloggen ook een code uit een authenticator-app. Stel dat nu in.",
    ),
    h("ol", {},
      h("li", {}, "Open je authenticator-app en voeg een account toe met deze sleutel (of open de link op je telefoon):"),
      h("li", {}, "Vul de code in die de app nu toont."),
    ),
    h("p", {}, h("code", { class: "mono", id: "totp-secret" }, data.secret.replace(/(.{4})(?!$)/g, "$1 "))),
    h("p", {}, h("a", { href: data.otpauth_uri, id: "totp-uri" }, "Open in authenticator-app")),
    h("p", { class: "help" }, "De sleutel wordt maar één keer getoond. Laad je deze pagina opnieuw, dan krijg je een nieuwe."),
    h("div", { class: "field" }, h("label", { for: "totp-confirm-code" }, "Code uit de app"), code),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const value = code.value.replace(/\s/g, "");
    if (!/^\d{6}$/.test(value)) {
      setMessage(msg, "De code bestaat uit 6 cijfers.", "error");
      code.focus();
      return;
    }
    submit.disabled = true;
    try {
      const res = await api("POST", "/v1/me/totp/confirm", { body: { code: value } });
      session.set(res.data.token); // the old token is revoked; this one was issued after the code
      clearCache();
      session.me = (await api("GET", "/v1/me")).data;
      flash("Inloggen met een code is ingesteld.", "success");
      navigate("#/episodes");
    } catch (e) {
      setMessage(
        msg,
        e.status === 422 ? "De code klopt niet of is al gebruikt. Probeer de volgende code van je app." : e.message,
        "error",
      );
      code.value = "";
      code.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(form);
  code.focus();
}
