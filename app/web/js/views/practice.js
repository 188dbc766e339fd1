// Praktijk (#/praktijk), for the praktijkbeheerder: the practice's name and AGB-code, renaming it,
// and whether every therapist logs in with a code (PATCH /v1/practice `totp_required`), turned on
// only after a confirmation. A change sends If-Match; a 412 loads the newest version and keeps
// what was typed, as the therapist screen does.

import { api } from "../api.js";
import { allTherapists, confirmDialog, loadForAdmin, refusedByApi } from "../admin.js";
import { h, setMessage } from "../dom.js";
import { clearErrors, errorSummary, fieldWrap, showErrors } from "../schema-form.js";

const TITLE = "Praktijk";
const MAX_NAAM = 200;
const SWITCH_LABEL = "Iedereen logt in met een code (tweestapsverificatie)";
const CONFLICT =
  "De gegevens van de praktijk zijn elders gewijzigd. De nieuwste versie is geladen; wat je had ingevuld " +
  "staat er nog. Controleer het en sla opnieuw op.";

const fact = (term, ...value) => [h("dt", {}, term), h("dd", {}, ...value)];
const withoutCode = (team) => team.filter((t) => t.active && !t.totp_enrolled_at);
const therapists = (n) => (n === 1 ? "Eén therapeut" : `${n} therapeuten`);

class PracticePage {
  constructor(main, ctx) {
    this.main = main;
    this.ctx = ctx;
    this.data = null;
    this.etag = null;
    this.team = [];
    this.alert = h("div", { id: "practice-alert", tabindex: "-1", hidden: true });
    this.facts = h("dl", { class: "kv about", id: "practice-facts" });
    this.naam = h("input", { type: "text", autocomplete: "off", maxlength: MAX_NAAM, required: true });
    this.totp = h("input", { type: "checkbox", role: "switch" });
    this.totpState = h("span", { class: "switch-state", "aria-hidden": "true" });
    this.totp.addEventListener("change", () => this.showSwitchState());
    this.enrolled = h("p", { class: "help", id: "practice-enrolled" });
    this.summary = h("div", {});
    this.submit = h("button", { type: "submit" }, "Opslaan");
  }

  async load() {
    const [res, team] = await Promise.all([api("GET", "/v1/practice"), allTherapists()]);
    this.data = res.data;
    this.etag = res.etag || `"${res.data.version}"`;
    this.team = team;
  }

  editable() {
    return { naam: this.data.naam, totp_required: this.data.totp_required };
  }

  get() {
    return { naam: this.naam.value.trim(), totp_required: this.totp.checked };
  }

  set(v) {
    this.naam.value = v.naam;
    this.totp.checked = v.totp_required;
    this.showSwitchState();
  }

  say(text, kind = "success") {
    this.alert.setAttribute("role", kind === "error" || kind === "warning" ? "alert" : "status");
    setMessage(this.alert, text, kind);
  }

  async start() {
    if (!(await loadForAdmin(this.main, TITLE, () => this.load()))) return;
    if (!this.ctx.isCurrent()) return;
    this.form = this.buildForm();
    this.set(this.editable());
    this.saved = this.get();
    this.renderFacts();
    this.main.append(
      h("h1", {}, TITLE),
      this.alert,
      h(
        "section",
        { class: "card", "aria-labelledby": "practice-facts-title", id: "practice-about" },
        h("h2", { id: "practice-facts-title" }, "Gegevens"),
        this.facts,
        h("p", { class: "help" }, "De AGB-code van de praktijk is hier niet te wijzigen."),
      ),
      this.form,
    );
  }

  renderFacts() {
    const d = this.data;
    this.facts.replaceChildren(
      ...fact("Naam", d.naam),
      ...fact("AGB-code", h("span", { class: "mono", id: "practice-agb" }, d.agb_code)),
      ...fact(
        "Inloggen met een code",
        d.totp_required ? "Verplicht voor iedereen" : "Verplicht voor de praktijkbeheerder; voor therapeuten naar keuze",
      ),
    );
    const active = this.team.filter((t) => t.active).length;
    const missing = withoutCode(this.team).length;
    this.enrolled.replaceChildren(
      missing
        ? `${therapists(missing)} van de ${active} actieve ${missing === 1 ? "heeft" : "hebben"} inloggen met een code nog niet ingesteld. `
        : `Alle ${active} actieve therapeuten hebben inloggen met een code ingesteld. `,
      "Wie het heeft ingesteld, zie je onder ",
      h("a", { href: "#/therapeuten" }, "Therapeuten"),
      ".",
    );
  }

  showSwitchState() {
    this.totpState.className = this.totp.checked ? "badge state-on switch-state" : "badge state-off switch-state";
    this.totpState.textContent = this.totp.checked ? "Aan" : "Uit";
  }

  buildForm() {
    const totpWrap = fieldWrap({
      id: "practice-totp",
      path: "totp_required",
      label: SWITCH_LABEL,
      control: this.totp,
      check: true,
      description:
        "Staat dit aan, dan logt elke therapeut van de praktijk in met het wachtwoord én een code uit een " +
        "authenticator-app op de telefoon. Wie dat nog niet heeft ingesteld, moet het eerst instellen voordat hij of zij " +
        "verder kan werken. Een praktijkbeheerder logt altijd in met een code, ook als dit uit staat.",
    });
    totpWrap.classList.add("switch-field");
    // The state beside the label, for the eye only: the switch itself says on or off.
    totpWrap.querySelector(":scope > label").append(this.totpState);
    const form = h(
      "form",
      { class: "card", novalidate: true, id: "practice-form", "aria-labelledby": "practice-form-title" },
      h("h2", { id: "practice-form-title" }, "Wijzigen"),
      this.summary,
      fieldWrap({
        id: "practice-naam",
        path: "naam",
        label: "Naam van de praktijk",
        required: true,
        control: this.naam,
        description: "Zoals cliënten en verwijzers de praktijk kennen.",
      }),
      totpWrap,
      this.enrolled,
      h("div", { class: "actions" }, this.submit),
    );
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.save();
    });
    return form;
  }

  fail(errors) {
    const box = errorSummary("Niet opgeslagen. Controleer:", showErrors(this.form, errors));
    this.summary.replaceChildren(box);
    box.focus();
  }

  async save() {
    clearErrors(this.form);
    this.summary.replaceChildren();
    setMessage(this.alert, "");
    const now = this.get();
    if (!now.naam) {
      this.fail([{ field: "naam", code: "value_error", message: "Vul de naam van de praktijk in." }]);
      return;
    }
    const body = {};
    for (const k of Object.keys(now)) if (now[k] !== this.saved[k]) body[k] = now[k];
    if (!Object.keys(body).length) {
      this.say("Er is niets gewijzigd.", "info");
      this.alert.focus();
      return;
    }
    if (body.totp_required === true && !(await this.confirmTotp())) return;
    this.submit.disabled = true;
    try {
      const res = await api("PATCH", "/v1/practice", { body, etag: this.etag });
      this.data = res.data;
      this.etag = res.etag || `"${res.data.version}"`;
      this.set(this.editable());
      this.saved = this.get();
      this.renderFacts();
      this.say(this.done(body));
      this.alert.focus();
    } catch (e) {
      if (e.status === 401 || !this.ctx.isCurrent()) return;
      if (e.status === 412) {
        await this.conflict(now);
        return;
      }
      if (e.status === 403) {
        await refusedByApi(this.main, TITLE);
        return;
      }
      if (e.status === 422 && e.errors.length) this.fail(e.errors);
      else {
        this.say(e.message, "error");
        this.alert.focus();
      }
    } finally {
      this.submit.disabled = false;
    }
  }

  confirmTotp() {
    const missing = withoutCode(this.team).length;
    return confirmDialog({
      title: "Inloggen met een code verplichten?",
      text: [
        "Elke therapeut van de praktijk logt daarna in met het wachtwoord én een code uit een authenticator-app op de telefoon.",
        missing === 1
          ? "Eén therapeut heeft dat nog niet ingesteld. Die moet het eerst instellen voordat hij of zij verder kan werken, " +
            "ook als hij of zij nu al is ingelogd. Laat het vooraf weten."
          : missing
            ? `${therapists(missing)} hebben dat nog niet ingesteld. Zij moeten het eerst instellen voordat ze verder kunnen ` +
              "werken, ook als ze nu al zijn ingelogd. Laat het ze vooraf weten."
            : "Alle actieve therapeuten hebben het al ingesteld.",
        "Koppelingen met het EPD werken gewoon door.",
      ],
      confirm: "Code verplichten",
      danger: false,
    });
  }

  done(body) {
    const parts = [];
    if ("naam" in body) parts.push(`De praktijk heet nu ${this.data.naam}.`);
    if ("totp_required" in body) {
      parts.push(
        this.data.totp_required
          ? "Iedereen logt nu in met een code; wie het nog niet heeft ingesteld, moet dat eerst doen voordat hij of zij verder kan werken."
          : "Inloggen met een code is niet meer verplicht voor therapeuten; de praktijkbeheerder blijft een code gebruiken.",
      );
    }
    return `Opgeslagen. ${parts.join(" ")}`;
  }

  /** Someone else saved first: load theirs, put back only what was changed here, and say so. */
  async conflict(now) {
    const draft = {};
    for (const k of Object.keys(now)) if (now[k] !== this.saved[k]) draft[k] = now[k];
    await this.load();
    if (!this.ctx.isCurrent()) return;
    const theirs = this.editable();
    this.set({ ...theirs, ...draft });
    this.saved = { ...theirs };
    this.renderFacts();
    this.say(CONFLICT, "warning");
    this.alert.focus();
  }
}

export async function renderPractice(main, ctx) {
  await new PracticePage(main, ctx).start();
}
