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
  const submit = h("button", { type: "submit" }, "Inloggen");
  const form = h(
    "form",
    { class: "card narrow", novalidate: true },
    msg,
    h("div", { class: "field" }, h("label", { for: "login" }, "Gebruikersnaam"), login),
    h("div", { class: "field" }, h("label", { for: "password" }, "Wachtwoord"), password),
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
      const res = await api("POST", "/v1/auth/login", {
        body: { login: login.value, password: password.value },
      });
      session.set(res.data.token);
      session.me = (await api("GET", "/v1/me")).data;
      navigate("#/episodes");
    } catch (e) {
      setMessage(
        msg,
        e.status === 401 || e.status === 422 ? "Gebruikersnaam of wachtwoord klopt niet." : e.message,
        "error",
      );
      password.value = "";
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h("h1", {}, "Inloggen"), form);
  login.focus();
}
