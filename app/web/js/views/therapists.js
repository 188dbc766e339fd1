// Therapeuten (#/therapeuten), for the praktijkbeheerder: the practice's therapists with their
// registrations (and which need a herregistratie soon), adding one (#/therapeuten/nieuw), and
// changing one (#/therapeuten/{id}): name, registrations, role, inwendig onderzoek; deactivating
// and resetting two-factor login, each after a confirmation. A change sends If-Match; a 412
// loads the newest version and keeps what was typed, as the episode screen does.

import { api, clearCache, session } from "../api.js";
import { allTherapists, confirmDialog, expiry, refusedByApi, registerLabel, registrationList, requireAdmin } from "../admin.js";
import { fmtDay, h, setMessage } from "../dom.js";
import { REGISTER_LABEL, THERAPIST_ROL_LABEL, humanize } from "../labels.js";
import { flash, navigate } from "../nav.js";
import { clearErrors, errorSummary, fieldWrap, showErrors } from "../schema-form.js";

const TITLE = "Therapeuten";
const BASIS = "oefentherapeut";
const MIN_PASSWORD = 12;
const CONFLICT =
  "De gegevens van deze therapeut zijn elders gewijzigd. De nieuwste versie is geladen; wat je had ingevuld " +
  "staat er nog. Controleer het en sla opnieuw op.";

const rolLabel = (r) => THERAPIST_ROL_LABEL[r] || humanize(r);

function forbidden(main, e) {
  if (e.status !== 403) return false;
  refusedByApi(main, TITLE); // the page at once; the menu follows
  return true;
}

// ---------- the list ----------

function therapistRow(t) {
  const me = session.me;
  return h(
    "tr",
    { "data-therapist": t.id, class: t.active ? null : "inactive" },
    h(
      "td",
      { "data-label": "Naam" },
      h("a", { href: `#/therapeuten/${t.id}` }, t.naam),
      t.id === me.id ? h("span", { class: "muted" }, " (jij)") : null,
    ),
    h("td", { "data-label": "Rol" }, rolLabel(t.rol)),
    h("td", { "data-label": "Registraties" }, registrationList(t.registraties)),
    h(
      "td",
      { "data-label": "Status" },
      h("span", { class: t.active ? "badge state-on" : "badge state-off" }, t.active ? "Actief" : "Gedeactiveerd"),
    ),
    h("td", { "data-label": "Inloggen met code" }, t.totp_enrolled_at ? "Ingesteld" : "Niet ingesteld"),
  );
}

export async function renderTherapists(main, ctx) {
  if (!requireAdmin(main, TITLE)) return;
  let team;
  try {
    team = await allTherapists();
  } catch (e) {
    if (forbidden(main, e)) return;
    throw e;
  }
  if (!ctx.isCurrent()) return;
  team.sort((a, b) => Number(b.active) - Number(a.active));
  const attention = team
    .filter((t) => t.active)
    .flatMap((t) => t.registraties.filter((r) => expiry(r)).map((r) => `${t.naam}: ${registerLabel(r.register)}`));
  main.append(
    h(
      "div",
      { class: "title-row" },
      h("h1", {}, TITLE),
      h("a", { class: "button", href: "#/therapeuten/nieuw" }, "Therapeut toevoegen"),
    ),
    attention.length
      ? h(
          "div",
          { class: "message message-warning", id: "expiry-summary" },
          h(
            "p",
            {},
            h("strong", {}, "Herregistratie: "),
            `${attention.length === 1 ? "één registratie is" : `${attention.length} registraties zijn`} verlopen of verloopt binnen 90 dagen. `,
            "Een verlopen specialistische registratie telt niet mee: de therapeut kan dan geen episodes in dat profiel beginnen. ",
            "Pas na de herregistratie de einddatum aan.",
          ),
          h("ul", {}, attention.map((a) => h("li", {}, a))),
        )
      : null,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "list stack", id: "therapist-list" },
        h("caption", { class: "visually-hidden" }, "Therapeuten van de praktijk"),
        h(
          "thead",
          {},
          h("tr", {}, ["Naam", "Rol", "Registraties", "Status", "Inloggen met code"].map((t) => h("th", { scope: "col" }, t))),
        ),
        h("tbody", {}, team.map(therapistRow)),
      ),
    ),
    h("p", { class: "muted" }, `${team.filter((t) => t.active).length} actief, ${team.filter((t) => !t.active).length} gedeactiveerd.`),
  );
}

// ---------- the form (new and edit) ----------

/** One fieldset per register: "Geregistreerd", then its number and end date. */
function registrationsEditor(prefix) {
  const rows = Object.keys(REGISTER_LABEL).map((register) => {
    const on = h("input", { type: "checkbox" });
    const nummer = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: 12 });
    const tot = h("input", { type: "date" });
    const base = register === BASIS;
    const numWrap = fieldWrap({ id: `${prefix}-${register}-nummer`, path: "", label: "Registratienummer", control: nummer });
    const totWrap = fieldWrap({
      id: `${prefix}-${register}-tot`,
      path: "",
      label: "Geldig tot",
      required: !base,
      control: tot,
      description: base
        ? "Mag leeg blijven: de basisregistratie verloopt niet."
        : "De laatste dag vóór de herregistratie. Daarna telt deze registratie niet meer.",
    });
    const details = h("div", { class: "reg-details", hidden: true }, numWrap, totWrap);
    const set = h(
      "fieldset",
      { class: "group registration", "data-register": register, "data-path": "" },
      h("legend", {}, REGISTER_LABEL[register]),
      h("p", { class: "field-error", id: `${prefix}-${register}-row-err`, hidden: true }),
      fieldWrap({ id: `${prefix}-${register}`, path: `-${register}.on`, label: "Geregistreerd", control: on, check: true }),
      details,
    );
    on.addEventListener("change", () => {
      details.hidden = !on.checked;
    });
    return { register, on, nummer, tot, set, numWrap, totWrap, details };
  });
  const el = h(
    "fieldset",
    { class: "group registrations-editor", "data-path": "registraties", "aria-describedby": `${prefix}-reg-help` },
    h("legend", {}, "Registraties", h("span", { class: "req", title: "verplicht" }, " *")),
    h(
      "p",
      { class: "help", id: `${prefix}-reg-help` },
      "In het Kwaliteitsregister Paramedici. Een specialistische registratie geeft toegang tot haar profiel zolang ze geldig is.",
    ),
    h("p", { class: "field-error", id: `${prefix}-reg-err`, hidden: true }),
    h("div", { class: "registration-grid" }, rows.map((r) => r.set)),
  );
  const editor = {
    el,
    get() {
      const out = [];
      for (const r of rows) {
        if (!r.on.checked) continue;
        const reg = { register: r.register };
        if (r.nummer.value.trim()) reg.nummer = r.nummer.value.trim();
        if (r.tot.value) reg.geldig_tot = r.tot.value;
        out.push(reg);
      }
      return out;
    },
    set(regs) {
      const by = new Map((regs || []).map((x) => [x.register, x]));
      for (const r of rows) {
        const x = by.get(r.register);
        r.on.checked = Boolean(x);
        r.nummer.value = (x && x.nummer) || "";
        r.tot.value = (x && x.geldig_tot) || "";
        r.details.hidden = !x;
      }
    },
    /** The paths the server's errors name are indexes into the list sent: point them at rows. */
    markPaths() {
      let i = 0;
      for (const r of rows) {
        const p = r.on.checked ? `registraties.${i++}` : `registraties.-${r.register}`;
        r.set.dataset.path = p;
        r.numWrap.dataset.path = `${p}.nummer`;
        r.totWrap.dataset.path = `${p}.geldig_tot`;
      }
    },
  };
  editor.markPaths();
  return editor;
}

function therapistForm({ prefix, isNew }) {
  const naam = h("input", { type: "text", autocomplete: "off", maxlength: 200, required: true });
  const login = isNew ? h("input", { type: "text", autocomplete: "off", maxlength: 100, required: true, spellcheck: "false" }) : null;
  const regs = registrationsEditor(prefix);
  const rolRadios = Object.entries(THERAPIST_ROL_LABEL).map(([v, label]) => {
    const r = h("input", { type: "radio", name: `${prefix}-rol`, value: v, checked: v === "therapeut" });
    return { r, el: fieldWrap({ id: `${prefix}-rol-${v}`, path: `rol.-${v}`, label, control: r, check: true }) };
  });
  const inwendig = h("input", { type: "checkbox" });
  const password = h("input", { type: "password", autocomplete: "new-password", minlength: MIN_PASSWORD, required: isNew });
  const fields = h(
    "div",
    {},
    fieldWrap({ id: `${prefix}-naam`, path: "naam", label: "Naam", required: true, control: naam, description: "Zoals collega's en cliënten de therapeut kennen, bijvoorbeeld ‘A. de Vries’." }),
    isNew
      ? fieldWrap({
          id: `${prefix}-login`,
          path: "login",
          label: "Gebruikersnaam",
          required: true,
          control: login,
          description: "Hiermee logt de therapeut in: minstens 3 tekens; kleine letters en cijfers, eventueel met een punt of streepje.",
        })
      : null,
    regs.el,
    h(
      "fieldset",
      { class: "group", "data-path": "rol", "aria-describedby": `${prefix}-rol-help` },
      h("legend", {}, "Rol"),
      h(
        "p",
        { class: "help", id: `${prefix}-rol-help` },
        "Een praktijkbeheerder beheert ook therapeuten, koppelingen met het EPD en de toegangslog, en logt altijd in met een code.",
      ),
      h("p", { class: "field-error", id: `${prefix}-rol-err`, hidden: true }),
      rolRadios.map((x) => x.el),
    ),
    fieldWrap({
      id: `${prefix}-inwendig`,
      path: "inwendig_onderzoek_bevoegd",
      label: "Bevoegd voor inwendig onderzoek",
      control: inwendig,
      check: true,
      description: "Opgeleid voor inwendig onderzoek en behandelen (bekkenoefentherapie).",
    }),
    fieldWrap({
      id: `${prefix}-password`,
      path: "password",
      label: isNew ? "Wachtwoord" : "Nieuw wachtwoord",
      required: isNew,
      control: password,
      description: isNew
        ? `Minstens ${MIN_PASSWORD} tekens. Geef het persoonlijk door; de therapeut kiest daarna zelf een nieuw onder Mijn account.`
        : `Alleen invullen als de therapeut een nieuw wachtwoord nodig heeft (minstens ${MIN_PASSWORD} tekens).`,
    }),
  );
  const rol = () => rolRadios.find((x) => x.r.checked)?.r.value || "therapeut";
  return {
    fields,
    get() {
      const v = { naam: naam.value.trim(), registraties: regs.get(), rol: rol(), inwendig_onderzoek_bevoegd: inwendig.checked };
      if (login) v.login = login.value.trim();
      if (password.value) v.password = password.value;
      return v;
    },
    set(v) {
      naam.value = v.naam || "";
      if (login) login.value = v.login || "";
      regs.set(v.registraties);
      for (const x of rolRadios) x.r.checked = x.r.value === (v.rol || "therapeut");
      inwendig.checked = Boolean(v.inwendig_onderzoek_bevoegd);
      password.value = v.password || "";
    },
    /** Checks the server would make, said at their field before sending. */
    check(v) {
      const errors = [];
      const wrong = (field, message) => errors.push({ field, code: "value_error", message });
      if (!v.naam) wrong("naam", "Vul de naam in.");
      if (login && v.login.length < 3) wrong("login", "Gebruik minstens 3 tekens.");
      if (!v.registraties.length) wrong("registraties", "Kies minstens één registratie.");
      v.registraties.forEach((r, i) => {
        if (r.register !== BASIS && !r.geldig_tot) wrong(`registraties.${i}.geldig_tot`, "Vul in tot wanneer deze registratie geldig is.");
      });
      if (isNew && !v.password) wrong("password", `Kies een wachtwoord van minstens ${MIN_PASSWORD} tekens.`);
      else if (v.password && v.password.length < MIN_PASSWORD) wrong("password", `Gebruik minstens ${MIN_PASSWORD} tekens.`);
      return errors;
    },
    markPaths: () => regs.markPaths(),
    focusFirst: () => naam.focus(),
  };
}

function showFormErrors(form, summary, title, errors) {
  const shown = showErrors(form, errors);
  const box = errorSummary(title, shown);
  summary.replaceChildren(box);
  box.focus();
}

/** A 422's field errors in the practice's words: "login.taken" is said by the server in Dutch. */
function problemBox(summary, e, title, form) {
  if (e.status === 422 && e.errors.length) {
    showFormErrors(form, summary, title, e.errors);
    return;
  }
  const box = h("div", { role: "alert", tabindex: "-1" });
  setMessage(box, e.message, "error");
  summary.replaceChildren(box);
  box.focus();
}

export async function renderNewTherapist(main, ctx) {
  if (!requireAdmin(main, "Therapeut toevoegen")) return;
  const tf = therapistForm({ prefix: "new-th", isNew: true });
  const summary = h("div", {});
  const submit = h("button", { type: "submit" }, "Therapeut toevoegen");
  const form = h(
    "form",
    { class: "card", novalidate: true, id: "therapist-form", "aria-labelledby": "therapist-form-title" },
    h("h2", { id: "therapist-form-title", class: "visually-hidden" }, "Gegevens van de therapeut"),
    summary,
    tf.fields,
    h("div", { class: "actions" }, submit, h("a", { class: "button secondary", href: "#/therapeuten" }, "Annuleren")),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    summary.replaceChildren();
    tf.markPaths();
    const body = tf.get();
    const errors = tf.check(body);
    if (errors.length) {
      showFormErrors(form, summary, "De therapeut is niet toegevoegd. Controleer:", errors);
      return;
    }
    submit.disabled = true;
    try {
      const { data } = await api("POST", "/v1/therapists", { body });
      clearCache();
      flash(`${data.naam} is toegevoegd. Geef de gebruikersnaam en het wachtwoord persoonlijk door.`, "success");
      navigate("#/therapeuten");
    } catch (e) {
      if (e.status === 401 || !ctx.isCurrent()) return;
      if (forbidden(main, e)) return;
      problemBox(summary, e, "De therapeut is niet toegevoegd. Controleer:", form);
    } finally {
      submit.disabled = false;
    }
  });
  main.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/therapeuten" }, "Therapeuten")),
    h("h1", {}, "Therapeut toevoegen"),
    form,
  );
}

// ---------- one therapist ----------

class TherapistPage {
  constructor(main, ctx, id) {
    this.main = main;
    this.ctx = ctx;
    this.id = id;
    this.path = `/v1/therapists/${id}`;
    this.data = null;
    this.etag = null;
    this.alert = h("div", { id: "therapist-alert", tabindex: "-1", hidden: true });
    this.facts = h("dl", { class: "kv therapist-facts" });
    this.manage = h("section", { class: "card", id: "therapist-account", "aria-labelledby": "therapist-account-title" });
    this.heading = h("h1", {});
  }

  async load() {
    const res = await api("GET", this.path);
    this.data = res.data;
    this.etag = res.etag || `"${res.data.version}"`;
  }

  editable() {
    const d = this.data;
    return {
      naam: d.naam,
      registraties: d.registraties.map((r) => ({ register: r.register, nummer: r.nummer, geldig_tot: r.geldig_tot })),
      rol: d.rol,
      inwendig_onderzoek_bevoegd: d.inwendig_onderzoek_bevoegd,
    };
  }

  say(text, kind = "success") {
    this.alert.setAttribute("role", kind === "error" || kind === "warning" ? "alert" : "status");
    setMessage(this.alert, text, kind);
  }

  async start() {
    if (!requireAdmin(this.main, TITLE)) return;
    try {
      await this.load();
    } catch (e) {
      if (forbidden(this.main, e)) return;
      if (e.status === 404) {
        this.main.append(
          h("h1", {}, "Therapeut niet gevonden"),
          h("p", { class: "message message-warning" }, "Deze therapeut bestaat niet, of hoort niet bij jouw praktijk."),
          h("p", {}, h("a", { href: "#/therapeuten" }, "Terug naar de therapeuten")),
        );
        return;
      }
      throw e;
    }
    if (!this.ctx.isCurrent()) return;
    this.tf = therapistForm({ prefix: "edit-th", isNew: false });
    this.tf.set(this.editable());
    this.saved = this.tf.get();
    this.summary = h("div", {});
    this.submit = h("button", { type: "submit" }, "Opslaan");
    this.form = h(
      "form",
      { class: "card", novalidate: true, id: "therapist-form", "aria-labelledby": "therapist-form-title" },
      h("h2", { id: "therapist-form-title" }, "Gegevens wijzigen"),
      this.summary,
      this.tf.fields,
      h("div", { class: "actions" }, this.submit, h("a", { class: "button secondary", href: "#/therapeuten" }, "Annuleren")),
    );
    this.form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.save();
    });
    this.renderFacts();
    this.renderManage();
    this.main.append(
      h("p", { class: "crumbs" }, h("a", { href: "#/therapeuten" }, "Therapeuten")),
      this.heading,
      this.alert,
      this.facts,
      this.form,
      this.manage,
    );
  }

  renderFacts() {
    const d = this.data;
    this.heading.textContent = d.naam;
    const fact = (t, ...v) => [h("dt", {}, t), h("dd", {}, ...v)];
    this.facts.replaceChildren(
      ...fact("Gebruikersnaam", h("span", { class: "mono" }, d.login)),
      ...fact("Status", d.active ? "Actief" : "Gedeactiveerd: kan niet meer inloggen"),
      ...fact("Inloggen met code", d.totp_enrolled_at ? `Ingesteld op ${fmtDay(d.totp_enrolled_at)}` : "Niet ingesteld"),
      ...fact("Registraties", registrationList(d.registraties)),
    );
  }

  renderManage() {
    const d = this.data;
    const self = d.id === session.me.id;
    const parts = [h("h2", { id: "therapist-account-title" }, "Account")];
    if (d.totp_enrolled_at && !self) {
      parts.push(
        h("p", {}, "Telefoon kwijt of vervangen? Herstel inloggen met een code; bij de volgende keer inloggen stelt de therapeut het opnieuw in."),
        h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", id: "reset-totp", onclick: () => this.resetTotp() }, "Inloggen met een code herstellen")),
      );
    } else if (self) {
      parts.push(h("p", { class: "muted" }, "Je eigen inloggen met een code herstelt een andere praktijkbeheerder. Jezelf deactiveren kan ook alleen een ander."));
    }
    if (d.active && !self) {
      parts.push(
        h("p", {}, "Werkt de therapeut niet meer in de praktijk? Deactiveer het account: inloggen kan dan niet meer, de geschiedenis van episodes blijft bewaard."),
        h("div", { class: "actions" }, h("button", { type: "button", class: "danger", id: "deactivate", onclick: () => this.deactivate() }, "Deactiveren")),
      );
    } else if (!d.active) {
      parts.push(
        h("p", {}, "Dit account is gedeactiveerd: inloggen kan niet meer. De geschiedenis blijft bewaard."),
        h("p", {}, "Komt de therapeut terug, bijvoorbeeld na verlof? Activeer het account weer: inloggen kan dan weer met het eigen wachtwoord."),
        h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", id: "reactivate", onclick: () => this.reactivate() }, "Weer activeren")),
      );
    }
    this.manage.replaceChildren(...parts);
  }

  async save() {
    clearErrors(this.form);
    this.summary.replaceChildren();
    this.tf.markPaths();
    const now = this.tf.get();
    const errors = this.tf.check(now);
    if (errors.length) {
      showFormErrors(this.form, this.summary, "Niet opgeslagen. Controleer:", errors);
      return;
    }
    this.submit.disabled = true;
    try {
      await api("PATCH", this.path, { body: now, etag: this.etag });
      clearCache();
      if (this.id === session.me.id) session.me = (await api("GET", "/v1/me")).data;
      flash(`De gegevens van ${now.naam} zijn opgeslagen.`, "success");
      navigate("#/therapeuten");
    } catch (e) {
      if (e.status === 401 || !this.ctx.isCurrent()) return;
      if (e.status === 412) {
        await this.conflict(now);
        return;
      }
      if (forbidden(this.main, e)) return;
      problemBox(this.summary, e, "Niet opgeslagen. Controleer:", this.form);
    } finally {
      this.submit.disabled = false;
    }
  }

  /** Someone else saved first: load theirs, put back only what was changed here, and say so. */
  async conflict(now) {
    const draft = {};
    for (const k of Object.keys(now)) {
      if (JSON.stringify(now[k]) !== JSON.stringify(this.saved[k])) draft[k] = now[k];
    }
    await this.load();
    if (!this.ctx.isCurrent()) return;
    const theirs = this.editable();
    this.tf.set({ ...theirs, ...draft });
    this.saved = { ...theirs };
    this.renderFacts();
    this.renderManage();
    this.say(CONFLICT, "warning");
    this.alert.focus();
  }

  async resetTotp() {
    const ok = await confirmDialog({
      title: "Inloggen met een code herstellen?",
      text: [
        `${this.data.naam} kan dan niet meer inloggen met de oude code.`,
        "Bij de volgende keer inloggen stelt hij of zij inloggen met een code opnieuw in, met de nieuwe telefoon.",
      ],
      confirm: "Herstellen",
    });
    if (!ok) return;
    try {
      await api("DELETE", `${this.path}/totp`);
      await this.load();
      if (!this.ctx.isCurrent()) return;
      this.renderFacts();
      this.renderManage();
      this.say(`Inloggen met een code van ${this.data.naam} is hersteld. Bij de volgende keer inloggen stelt hij of zij het opnieuw in.`);
      this.alert.focus();
    } catch (e) {
      if (e.status === 401 || !this.ctx.isCurrent()) return;
      this.say(e.message, "error");
      this.alert.focus();
    }
  }

  async reactivate() {
    const ok = await confirmDialog({
      title: `${this.data.naam} weer activeren?`,
      text: [
        "Inloggen kan daarna weer, met het eigen wachtwoord. Oude sessies en tokens blijven ingetrokken.",
        "Kijk na of de registraties nog gelden: daarop mag de therapeut werken.",
      ],
      confirm: "Weer activeren",
      danger: false,
    });
    if (!ok) return;
    try {
      await api("PATCH", this.path, { body: { active: true }, etag: this.etag });
      clearCache();
      await this.load();
      if (!this.ctx.isCurrent()) return;
      this.renderFacts();
      this.renderManage();
      this.say(`${this.data.naam} is weer actief en kan weer inloggen.`);
      this.alert.focus();
    } catch (e) {
      if (e.status === 401 || !this.ctx.isCurrent()) return;
      if (e.status === 412) {
        await this.load();
        if (!this.ctx.isCurrent()) return;
        this.renderFacts();
        this.renderManage();
        this.say("De gegevens van deze therapeut zijn elders gewijzigd. De nieuwste versie is geladen: kijk of het account nog gedeactiveerd is.", "warning");
        this.alert.focus();
        return;
      }
      this.say(e.message, "error");
      this.alert.focus();
    }
  }

  async deactivate() {
    const ok = await confirmDialog({
      title: `${this.data.naam} deactiveren?`,
      text: [
        "Inloggen kan daarna niet meer, en elke open sessie en elk token van deze therapeut wordt ingetrokken.",
        "De episodes en hun geschiedenis blijven bewaard. Dit kun je hier niet ongedaan maken.",
      ],
      confirm: "Deactiveren",
    });
    if (!ok) return;
    try {
      await api("DELETE", this.path);
      clearCache();
      flash(`${this.data.naam} is gedeactiveerd.`, "success");
      navigate("#/therapeuten");
    } catch (e) {
      if (e.status === 401 || !this.ctx.isCurrent()) return;
      this.say(e.message, "error");
      this.alert.focus();
    }
  }
}

export async function renderTherapist(main, ctx) {
  await new TherapistPage(main, ctx, Number(ctx.params[0])).start();
}
