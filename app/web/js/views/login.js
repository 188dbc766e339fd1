import { api, clearCache, session } from "../api.js";
import { h, setMessage } from "../dom.js";
import { navigate } from "../nav.js";

export async function renderLogin(main) {
  session.clear();
  clearCache();
  document.getElementById("nav").hidden = true;
  document.getElementById("user").hidden = true;
  const msg = h("div", { class: "message", role: "alert", hidden: true });
  const login = h("input", { id: "login", name: "login", type: "text", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const code = h("input", {
    id: "totp-code",
    name: "totp_code",
    type: "text",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    pattern: "[0-9 ]*",
    maxlength: 7,
    "aria-describedby": "totp-code-help",
  });
  const submit = h("button", { type: "submit" }, "Inloggen");
  const form = h(
    "form",
    { class: "card narrow", novalidate: true },
    msg,
    h("div", { class: "field" }, h("label", { for: "login" }, "Gebruikersnaam"), login),
    h("div", { class: "field" }, h("label", { for: "password" }, "Wachtwoord"), password),
    h(
      "div",
      { class: "field" },
      h("label", { for: "totp-code" }, "Code uit je authenticator-app"),
      code,
      h("p", { class: "help", id: "totp-code-help" }, "Alleen als je inloggen met een code hebt ingesteld."),
    ),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!login.value || !password.value) {
      setMessage(msg, "Vul je gebruikersnaam en wachtwoord in.", "error");
      (login.value ? password : login).focus();
      return;
    }
    submit.disabled = true;
    try {
      const body = { login: login.value, password: password.value };
      const totpCode = code.value.replace(/\s/g, "");
      if (totpCode) body.totp_code = totpCode;
      const res = await api("POST", "/v1/auth/login", { body });
      session.set(res.data.token);
      session.me = (await api("GET", "/v1/me")).data;
      // Two-factor login is required and not set up yet: this token serves only for that.
      navigate(res.data.access === "totp-enrolment" ? "#/totp" : "#/episodes");
    } catch (e) {
      const type = e.problem.type;
      let text = e.message;
      let field = password;
      if (type === "/problems/totp-required") {
        text = "Vul ook de code uit je authenticator-app in.";
        field = code;
      } else if (type === "/problems/totp-invalid") {
        text = "De code klopt niet of is al gebruikt. Wacht op de volgende code van je app.";
        field = code;
      } else if (e.status === 422 && e.errors.some((err) => err.field === "totp_code")) {
        text = "De code bestaat uit 6 cijfers.";
        field = code;
      } else if (e.status === 401 || e.status === 422) {
        text = "Gebruikersnaam of wachtwoord klopt niet.";
      }
      setMessage(msg, text, "error");
      field.value = "";
      field.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h("h1", {}, "Inloggen"), form);
  login.focus();
}
