// Overdracht (#/episodes/{id}/overdracht): hand the episode over to a colleague of this practice
// in another profile (SOLK to the psychosomatisch oefentherapeut, complex pelvic complaints to
// the bekkenoefentherapeut). The episode read says which profiles it may go to and what still
// blocks each (`available_handovers`); GET /v1/therapists, which every therapist of the practice
// may read, gives the colleagues, and only those whose valid registrations fit the target
// profile are offered. POST /v1/episodes/{id}/handover with If-Match does it.

import { api, session, workflow, workflows } from "../api.js";
import { confirmDialog } from "../admin.js";
import { fmtDay, h, setMessage } from "../dom.js";
import { REGISTER_LABEL, errorText, humanize, statusLabel } from "../labels.js";
import { flash, navigate } from "../nav.js";
import {
  actorName,
  backToEpisode,
  describeField,
  loadEpisode,
  loadEpisodeOrNotFound,
  openEpisodeAt,
  plain,
  practiceTeam,
} from "./episode-parts.js";

const TITLE = "Overdragen aan een collega";
const registerLabel = (r) => REGISTER_LABEL[r] || humanize(r);

export async function renderOverdracht(main, ctx) {
  const id = Number(ctx.params[0]);
  const loaded = await loadEpisodeOrNotFound(main, id);
  if (!loaded) return;
  const [profiles, wf, team] = await Promise.all([
    workflows(),
    workflow(loaded.ep.definition_version),
    practiceTeam(),
  ]);
  // The target profiles' definitions: the registration each asks of the receiving therapist.
  const targets = new Map();
  for (const ho of loaded.ep.available_handovers || []) {
    targets.set(ho.profile, await workflow(ho.profile));
  }
  if (!ctx.isCurrent()) return;
  new HandoverPage(main, loaded, { profiles, wf, team, targets }).render();
}

class HandoverPage {
  constructor(main, loaded, { profiles, wf, team, targets }) {
    this.main = main;
    this.ep = loaded.ep;
    this.etag = loaded.etag;
    this.profiles = profiles;
    this.wf = wf;
    this.team = team;
    this.targets = targets;
    this.alert = h("div", { id: "handover-alert", tabindex: "-1", hidden: true });
    this.body = h("div", {});
    this.choice = { profile: null, therapist: "" };
  }

  profileTitle(profile) {
    return this.profiles.find((p) => p.profile === profile)?.title || humanize(profile);
  }

  registratieOf(profile) {
    return this.targets.get(profile)?.registratie || null;
  }

  /** Active colleagues with a valid registration for the target profile. */
  fitting(profile) {
    const reg = this.registratieOf(profile);
    return this.team
      .filter((t) => t.active !== false && (t.registraties || []).some((r) => r.register === reg && r.geldig !== false))
      .sort((a, b) => Number(a.id === session.me?.id) - Number(b.id === session.me?.id) || a.naam.localeCompare(b.naam, "nl"));
  }

  render() {
    const ep = this.ep;
    this.main.replaceChildren(
      backToEpisode(ep),
      h("h1", {}, TITLE),
      h(
        "p",
        {},
        "Draag de episode over aan een collega in deze praktijk met een andere specialisatie. ",
        "De huidige stap, alle vastleggingen, sessies, metingen en de geschiedenis gaan mee; ",
        "de collega wordt de verantwoordelijke therapeut en werkt verder met de regels van het nieuwe profiel.",
      ),
      this.facts(),
      this.alert,
      this.body,
    );
    this.renderForm();
  }

  facts() {
    const ep = this.ep;
    const dl = h("dl", { class: "facts", id: "handover-now" });
    for (const [k, v] of [
      ["Episode", ep.client_ref],
      ["Profiel nu", this.profileTitle(ep.profile)],
      ["Stap", statusLabel(ep.status)],
      ["Verantwoordelijk", actorName(`therapist:${ep.therapist_id}`, this.team)],
    ]) {
      dl.append(h("div", {}, h("dt", {}, k), h("dd", {}, v)));
    }
    return dl;
  }

  say(content, kind) {
    this.alert.setAttribute("role", kind === "success" || kind === "info" ? "status" : "alert");
    setMessage(this.alert, content, kind);
    this.alert.focus();
  }

  /** One open requirement, with a way to the field it names. */
  unmetItem(u) {
    const where = describeField(this.wf, u.field);
    let go = null;
    if (where && where.path && where.step === this.ep.status) {
      go = h(
        "button",
        { type: "button", class: "link small", onclick: () => openEpisodeAt(this.ep.id, where.path) },
        `naar ${where.stepTitle}: ${where.fieldTitle}`,
      );
    } else if (where) {
      go = h(
        "a",
        { class: "small", href: `#/episodes/${this.ep.id}` },
        `naar de episode (stap ${where.stepTitle}${where.fieldTitle ? `: ${where.fieldTitle}` : ""})`,
      );
    }
    return h(
      "li",
      { class: "unmet unmet-row", "data-code": u.code },
      h("span", { class: "mark", "aria-hidden": "true" }, "✗"),
      h(
        "div",
        {},
        h("span", { class: "visually-hidden" }, "Nog open: "),
        plain(u.message),
        go ? h("div", { class: "unmet-go" }, go) : null,
      ),
    );
  }

  renderForm() {
    const handovers = this.ep.available_handovers || [];
    if (!handovers.length) {
      this.body.replaceChildren(
        h(
          "p",
          { class: "message message-info", id: "handover-none" },
          this.ep.status === "afgesloten"
            ? "Deze episode is afgesloten en kan niet meer worden overgedragen."
            : `In het profiel ${this.profileTitle(this.ep.profile)} is overdragen aan een ander profiel niet voorzien.`,
        ),
        h("p", {}, h("a", { href: `#/episodes/${this.ep.id}` }, "Terug naar de episode")),
      );
      return;
    }
    const open = handovers.filter((ho) => !ho.unmet.length);
    if (!open.some((ho) => ho.profile === this.choice.profile)) {
      this.choice.profile = open.length ? open[0].profile : null;
      this.choice.therapist = "";
    }

    const fs = h(
      "fieldset",
      { class: "group handover-profiles", "data-path": "profile", "aria-describedby": "ho-profile-err" },
      h("legend", {}, "Naar welk profiel?"),
    );
    for (const ho of handovers) fs.append(this.profileOption(ho));
    fs.append(h("p", { class: "field-error", id: "ho-profile-err", hidden: true }));

    this.therapistSlot = h("div", { id: "ho-therapist-slot" });
    const submit = h("button", { type: "submit", id: "ho-submit" }, "Overdragen…");
    const form = h(
      "form",
      { novalidate: true, id: "handover-form", class: "card", "aria-label": TITLE },
      fs,
      this.therapistSlot,
      h("div", { class: "actions" }, submit, h("a", { class: "button secondary", href: `#/episodes/${this.ep.id}` }, "Annuleren")),
    );
    form.addEventListener("change", (ev) => {
      if (ev.target.name === "ho-profile") {
        this.choice.profile = ev.target.value;
        this.choice.therapist = "";
        this.renderTherapists();
      }
      if (ev.target.id === "ho-therapist") this.choice.therapist = ev.target.value;
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      try {
        await this.submit(form);
      } finally {
        if (submit.isConnected) submit.disabled = false;
      }
    });
    this.body.replaceChildren(form);
    this.renderTherapists();
  }

  profileOption(ho) {
    const blocked = ho.unmet.length > 0;
    const id = `ho-profile-${ho.profile}`;
    const title = this.profileTitle(ho.profile);
    const def = (this.wf.handovers || []).find((x) => x.profile === ho.profile);
    const radio = h("input", {
      type: "radio",
      name: "ho-profile",
      id,
      value: ho.profile,
      disabled: blocked,
      checked: this.choice.profile === ho.profile,
      "aria-describedby": `${id}-state`,
    });
    const state = blocked
      ? h(
          "div",
          { id: `${id}-state` },
          h("p", { class: "blocked-note" }, `Nog niet mogelijk: ${ho.unmet.length === 1 ? "dit staat" : "dit staan"} nog open.`),
          h("ul", { class: "checklist" }, ho.unmet.map((u) => this.unmetItem(u))),
        )
      : h(
          "p",
          { id: `${id}-state`, class: "ok-note" },
          h("span", { class: "mark", "aria-hidden": "true" }, "✓ "),
          "Alles wat hiervoor nodig is, is vastgelegd.",
        );
    return h(
      "div",
      { class: `handover-option${blocked ? " blocked" : ""}`, "data-profile": ho.profile },
      h("div", { class: "field field-check" }, radio, h("label", { for: id }, title)),
      def?.description ? h("p", { class: "help" }, plain(def.description)) : null,
      state,
    );
  }

  renderTherapists() {
    const slot = this.therapistSlot;
    const profile = this.choice.profile;
    if (!profile) {
      slot.replaceChildren(
        h(
          "p",
          { class: "message message-warning", id: "ho-nothing-open" },
          "Er is nu geen profiel waaraan je de episode kunt overdragen. Leg eerst vast wat hierboven nog openstaat.",
        ),
      );
      return;
    }
    const reg = this.registratieOf(profile);
    const people = this.fitting(profile);
    if (!people.length) {
      slot.replaceChildren(
        h(
          "p",
          { class: "message message-warning", id: "ho-no-colleague" },
          `Niemand in deze praktijk heeft een geldige registratie als ${registerLabel(reg).toLowerCase()}. `,
          "De praktijkbeheerder legt registraties vast bij Therapeuten.",
        ),
      );
      return;
    }
    const select = h(
      "select",
      { id: "ho-therapist", name: "therapist", "aria-describedby": "ho-therapist-help", required: true },
      h("option", { value: "" }, "— kies een collega —"),
      people.map((t) => {
        const notes = [];
        if (t.id === this.ep.therapist_id) notes.push("nu verantwoordelijk");
        if (t.id === session.me?.id) notes.push("jijzelf");
        return h("option", { value: String(t.id) }, notes.length ? `${t.naam} (${notes.join(", ")})` : t.naam);
      }),
    );
    select.value = people.some((t) => String(t.id) === this.choice.therapist) ? this.choice.therapist : "";
    const until = (t) => t.registraties.find((r) => r.register === reg)?.geldig_tot;
    slot.replaceChildren(
      h(
        "div",
        { class: "field", "data-path": "therapist_id" },
        h("label", { for: "ho-therapist" }, "Collega", h("span", { class: "req", title: "verplicht" }, " *")),
        h(
          "p",
          { class: "help", id: "ho-therapist-help" },
          `Alleen collega’s met een geldige registratie als ${registerLabel(reg).toLowerCase()}, `,
          `die ${this.profileTitle(profile).toLowerCase()} vraagt.`,
        ),
        select,
        h("p", { class: "field-error", id: "ho-therapist-err", hidden: true }),
      ),
      h(
        "ul",
        { class: "plain small muted", id: "ho-registrations" },
        people.map((t) =>
          h(
            "li",
            {},
            `${t.naam}: ${registerLabel(reg).toLowerCase()}`,
            until(t) ? `, geldig tot ${fmtDay(until(t))}` : "",
          ),
        ),
      ),
    );
  }

  fieldError(id, text) {
    const slot = document.getElementById(`${id}-err`);
    const control = document.getElementById(id);
    if (!slot) return;
    slot.textContent = text;
    slot.hidden = !text;
    if (control && control.tagName !== "FIELDSET") {
      if (text) {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", `${id}-help ${id}-err`);
      } else {
        control.removeAttribute("aria-invalid");
        control.setAttribute("aria-describedby", `${id}-help`);
      }
    }
  }

  async submit(form) {
    this.fieldError("ho-profile", "");
    this.fieldError("ho-therapist", "");
    setMessage(this.alert, "");
    const profile = this.choice.profile;
    const select = form.querySelector("#ho-therapist");
    if (!profile) {
      this.fieldError("ho-profile", "Kies het profiel waaraan je overdraagt.");
      this.say("Niet overgedragen: er is nog geen profiel gekozen.", "error");
      return;
    }
    if (!select || !select.value) {
      if (select) {
        this.fieldError("ho-therapist", "Kies de collega die de episode overneemt.");
        select.focus();
      } else {
        this.say("Niet overgedragen: er is geen collega die dit profiel mag gebruiken.", "error");
      }
      return;
    }
    const therapist = this.team.find((t) => String(t.id) === select.value);
    const title = this.profileTitle(profile);
    const ok = await confirmDialog({
      title: "Episode overdragen?",
      text: [
        `Episode ${this.ep.client_ref} gaat naar ${therapist.naam}, in het profiel ${title}.`,
        `Stap ${statusLabel(this.ep.status)} en alles wat is vastgelegd gaan mee. Daarna is ${therapist.naam} verantwoordelijk.`,
      ],
      confirm: "Ja, overdragen",
      danger: false,
    });
    if (!ok) return;
    try {
      await api("POST", `/v1/episodes/${this.ep.id}/handover`, {
        body: { profile, therapist_id: therapist.id },
        etag: this.etag,
      });
    } catch (e) {
      if (e.status === 401) return;
      await this.refused(e, profile, therapist);
      return;
    }
    flash(`Episode ${this.ep.client_ref} is overgedragen aan ${therapist.naam}, profiel ${title}.`, "success");
    navigate(`#/episodes/${this.ep.id}`);
  }

  /** The episode as it is now: what is open may have changed. Keeps the choice where it fits. */
  async reload() {
    const loaded = await loadEpisode(this.ep.id);
    this.ep = loaded.ep;
    this.etag = loaded.etag;
    for (const ho of this.ep.available_handovers || []) {
      if (!this.targets.has(ho.profile)) this.targets.set(ho.profile, await workflow(ho.profile));
    }
    this.team = await practiceTeam();
    this.main.querySelector("#handover-now")?.replaceWith(this.facts());
    this.renderForm();
  }

  async refused(e, profile, therapist) {
    const title = this.profileTitle(profile);
    if (e.status === 412) {
      await this.reload();
      this.say(
        "Niet overgedragen: de episode is intussen gewijzigd, door een collega of in een ander venster. " +
          "Hieronder staat de nieuwste stand. Controleer wat er nog openstaat en bevestig opnieuw.",
        "warning",
      );
      return;
    }
    if (e.status === 409) {
      await this.reload();
      const items = e.unmet.map((u) => this.unmetItem(u));
      this.say(
        [
          h("p", {}, h("strong", {}, `Niet overgedragen aan ${title}: er staat nog iets open.`)),
          items.length
            ? h("ul", { class: "checklist" }, items)
            : h("p", {}, "De episode kan in deze stap niet (meer) worden overgedragen."),
        ],
        "error",
      );
      return;
    }
    if (e.status === 403) {
      const missing = e.errors.find((x) => x.field === "registraties");
      const reg = missing?.message;
      const expired = missing?.code === "registratie.verlopen";
      const what = expired ? "is verlopen" : "ontbreekt";
      let text;
      if (reg && reg === this.registratieOf(profile)) {
        await this.reload(); // the picker offers only who fits now
        text = `Niet overgedragen: de registratie als ${registerLabel(reg).toLowerCase()} van ${therapist.naam} ${what}. Kies een andere collega, of vraag de praktijkbeheerder de registratie bij te werken.`;
      } else if (reg) {
        text = `Niet overgedragen: jouw registratie als ${registerLabel(reg).toLowerCase()} ${what}. Alleen wie het huidige profiel mag gebruiken, kan deze episode overdragen.`;
      } else {
        text = "Niet overgedragen: je hebt geen toestemming om deze episode over te dragen.";
      }
      this.say(text, "error");
      return;
    }
    if (e.status === 422 && e.errors.some((x) => x.field === "therapist_id")) {
      await this.reload();
      this.say(`Niet overgedragen: ${therapist.naam} is geen actieve therapeut van deze praktijk (meer). Kies een andere collega.`, "error");
      return;
    }
    if (e.status === 422) {
      this.say(`Niet overgedragen: ${e.errors.map((x) => errorText(x)).join(" ") || "de gegevens kloppen niet."}`, "error");
      return;
    }
    this.say(`Niet overgedragen: ${e.status === 0 ? e.message : "er ging iets mis. Probeer het opnieuw."}`, "error");
  }
}
