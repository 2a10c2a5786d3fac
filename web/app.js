// The reference wizard: plain DOM on top of the typed client (web/client is clients/typescript compiled; no bundler).
import { EventWizardClient, ProblemError, STAGES, deepEqual, payloadOf, threeWayMerge } from "./client/index.js";
import { renderAnalytics } from "./analytics.js";
import { mountCopilotPanel } from "./copilot-panel.js";

const TOKEN_KEY = "event-wizard:token";

const STEP_TITLES = {
  organizerSetup: "Organizer", eventSetup: "Event", ticketSetup: "Tickets",
  venueSetup: "Venue", paymentSetup: "Payment", reviewPublish: "Review and publish",
};

/** The fields of each data stage, named as the server names them in `issues`. */
const FIELDS = {
  organizerSetup: [
    { path: "name", label: "Organizer name", autocomplete: "organization" },
    { path: "email", label: "Contact email", type: "email", autocomplete: "email" },
    { path: "phone", label: "Phone (optional)", type: "tel", autocomplete: "tel" },
    { path: "website", label: "Website (optional, https)", type: "url" },
    { path: "description", label: "About the organizer (optional)", type: "textarea" },
  ],
  eventSetup: [
    { path: "title", label: "Event title" },
    { path: "type", label: "Kind of event", options: ["fashion_show", "popup", "exhibition", "launch"] },
    { path: "date", label: "Date", type: "date" },
    { path: "startTime", label: "Start time", type: "time" },
    { path: "endTime", label: "End time (optional)", type: "time" },
    { path: "timezone", label: "Time zone (IANA, such as Europe/Paris)" },
    { path: "description", label: "Description (optional)", type: "textarea" },
  ],
  ticketSetup: [
    { tiers: [
      { path: "name", label: "Tier name" },
      { path: "price", label: "Price (0 for free)", type: "number", step: "0.01" },
      { path: "currency", label: "Currency (optional, such as USD)" },
      { path: "quantity", label: "Quantity", type: "number", step: "1" },
    ] },
    { path: "totalCapacity", label: "Total capacity", type: "number", step: "1" },
  ],
  venueSetup: [
    { path: "mode", label: "Where it happens", options: ["physical", "virtual", "hybrid"] },
    { path: "name", label: "Venue name (physical or hybrid)" },
    { path: "address.line1", label: "Street and number", autocomplete: "address-line1" },
    { path: "address.city", label: "City", autocomplete: "address-level2" },
    { path: "address.country", label: "Country (two letters, such as US)", autocomplete: "country" },
    { path: "url", label: "Stream URL (virtual or hybrid, https)", type: "url" },
  ],
  paymentSetup: [
    { path: "enabled", label: "Take payments through Stripe (paid tiers need it)", type: "checkbox" },
    { path: "accountId", label: "Stripe account id (acct_…, when payments are on)" },
  ],
};

const STATUS_TEXT = {
  saved: "All changes saved", pending: "Unsaved changes…", saving: "Saving…",
  retrying: "Offline: your changes are kept and will be saved when the connection is back",
  conflict: "Not saved: someone else changed this step", error: "Not saved: the server refused a change",
  closed: "This event is published: nothing more to save",
};

const main = document.getElementById("main");
const statusLine = document.getElementById("save-status");

/** The app's state: one client, the open session, and per stage what the user touched and the draft in the form. */
const app = { client: null, apiBase: "", session: null, touched: new Set(), revealed: new Set(), drafts: {}, conflict: undefined, transcriptAbort: null };

start().catch(showFatal);

async function start() {
  const config = await (await fetch("config.json", { cache: "no-cache" })).json();
  app.apiBase = new URL(config.apiBase, location.href).href.replace(/\/$/, "");
  const token = takeToken();
  if (!token) {
    renderSignIn();
    return;
  }
  app.client = new EventWizardClient({ baseUrl: app.apiBase, token });
  const sessionId = new URL(location.href).searchParams.get("session");
  if (new URL(location.href).searchParams.get("view") === "analytics") {
    await renderAnalytics(main, app.client);
  } else if (sessionId) {
    await openSession(sessionId);
  } else {
    await renderHome();
  }
}

/**
 * The token: from the address's fragment (the DevHost prints http://127.0.0.1:7071/#token=...; a fragment never
 * reaches a server or a Referer), then kept in this tab's sessionStorage and taken off the address.
 */
function takeToken() {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function renderSignIn() {
  main.replaceChildren(html(`
    <h2 tabindex="-1">Sign in</h2>
    <form id="sign-in">
      <label for="token">Bearer token (the DevHost prints one, and a link that signs in)</label>
      <input id="token" name="token" autocomplete="off" required>
      <button class="primary" type="submit">Continue</button>
    </form>`));
  main.querySelector("#sign-in").addEventListener("submit", event => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, main.querySelector("#token").value.trim());
    location.reload();
  });
}

async function renderHome() {
  setStatus(null);
  main.replaceChildren(html(`
    <h2 tabindex="-1">Your events in progress</h2>
    <p><button class="primary" type="button" id="new-session">Start a new event</button></p>
    <h3>Resume</h3>
    <ul class="resume" id="resume-list" aria-live="polite"></ul>
    <p><button type="button" id="more" hidden>Show more</button></p>`));
  main.querySelector("#new-session").addEventListener("click", async () => {
    const session = await app.client.createOrResume();
    await openSession(session.id, session);
  });
  let cursor = null;
  const more = main.querySelector("#more");
  const list = main.querySelector("#resume-list");
  const loadPage = async () => {
    const page = await app.client.listMine({ limit: 10, cursor });
    for (const item of page.items) {
      const entry = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "resume-session";
      button.textContent = `Resume “${item.title ?? "Untitled event"}”`;
      button.addEventListener("click", () => openSession(item.session_id));
      entry.append(button, ` at ${STEP_TITLES[item.current_stage]}, changed ${new Date(item.updated_at).toLocaleString()}`);
      list.append(entry);
    }
    if (list.children.length === 0) {
      list.append(html(`<li>Nothing in progress.</li>`));
    }
    cursor = page.next;
    more.hidden = cursor === null;
  };
  more.addEventListener("click", loadPage);
  await loadPage();
}

async function openSession(sessionId, opened) {
  const session = opened ?? await app.client.createOrResume(sessionId).catch(error => {
    if (error instanceof ProblemError && error.code === "session_closed") {
      return null;
    }
    throw error;
  });
  const url = new URL(location.href);
  url.searchParams.set("session", sessionId);
  history.replaceState(null, "", url);
  if (!session) {
    await renderClosed(await app.client.get(sessionId));
    return;
  }
  app.session?.dispose();
  app.session = session;
  app.drafts = {};
  app.touched.clear();
  app.revealed.clear();
  session.subscribe(onSnapshot);
  renderStep();
}

/** The session changed (an answer, a retry, a conflict): the status line, the step marks, the issues, the banner. */
function onSnapshot(snapshot) {
  setStatus(snapshot.state);
  syncForm(snapshot);
  markSteps(snapshot.row);
  // Issues judge the saved payload: while edits of the step wait, its issues would be about older input.
  const stage = main.querySelector("form.stage")?.dataset.stage;
  if (!snapshot.unsaved.includes(stage)) {
    showIssues(snapshot.row);
  }
  showConflict(snapshot.conflict);
}

/**
 * Once a step has nothing unsaved, the form shows what the server holds: a 412 the client merged brings the other
 * writer's fields, and the next save (the whole payload) must not send the stale form back over them.
 */
function syncForm(snapshot) {
  const form = main.querySelector("form.stage");
  const stage = form?.dataset.stage;
  if (!form || snapshot.state !== "saved" || snapshot.unsaved.includes(stage)) {
    return;
  }
  const saved = payloadOf(snapshot.row, stage);
  if (deepEqual(saved, collect(form))) {
    return;
  }
  app.drafts[stage] = saved;
  const tierCount = Array.isArray(saved.tiers) ? saved.tiers.length : 0;
  if (stage === "ticketSetup" && tierCount !== form.querySelectorAll("fieldset").length) {
    form.replaceWith(stageForm(stage));
    return;
  }
  for (const input of form.querySelectorAll("[name]")) {
    const value = valueAt(saved, input.name);
    if (input.type === "checkbox") {
      input.checked = value === true;
    } else {
      input.value = value === undefined || value === null ? "" : String(value);
    }
  }
}

function setStatus(state) {
  statusLine.textContent = state ? STATUS_TEXT[state] : "";
  statusLine.dataset.state = state ?? "";
}

function renderStep() {
  const session = app.session;
  const row = session.row;
  const stage = row.current_stage;
  const index = STAGES.indexOf(stage);
  const layout = html(`
    <div class="layout">
      <section aria-labelledby="step-title">
        <nav aria-label="Steps"><ol class="steps"></ol></nav>
        <div id="conflict" class="banner" role="alert" hidden></div>
        <h2 id="step-title" tabindex="-1">Step ${index + 1} of 6: ${STEP_TITLES[stage]}</h2>
        <div id="step-body"></div>
      </section>
      <aside aria-labelledby="transcript-title">
        <div id="copilot"></div>
        <h2 id="transcript-title">Assistant transcript</h2>
        <ol id="transcript" aria-live="polite"></ol>
        <form id="turn">
          <label for="turn-text">Message</label>
          <textarea id="turn-text" rows="2" required></textarea>
          <button type="submit">Send</button>
        </form>
        <form id="csat">
          <fieldset>
            <legend>How easy was this?</legend>
            <div class="actions">${[1, 2, 3, 4, 5].map(n =>
              `<label><input type="radio" name="csat" value="${n}" required> ${n}</label>`).join("")}</div>
            <button type="submit">Rate</button>
          </fieldset>
        </form>
      </aside>
    </div>`);
  const steps = layout.querySelector("ol.steps");
  for (const name of STAGES) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.stage = name;
    button.textContent = STEP_TITLES[name];
    if (name === stage) {
      button.setAttribute("aria-current", "step");
    }
    button.addEventListener("click", () => goTo(name));
    item.append(button);
    steps.append(item);
  }
  main.replaceChildren(layout);
  const body = main.querySelector("#step-body");
  if (stage === "reviewPublish") {
    renderReview(body);
  } else {
    body.append(stageForm(stage));
  }
  wireTranscript();
  mountCopilotPanel(main.querySelector("#copilot"), session, (applied, data) => {
    // The form of the step shows the applied proposal (autosave has it already).
    app.drafts[applied] = structuredClone(data);
    main.querySelector(`form.stage[data-stage="${applied}"]`)?.replaceWith(stageForm(applied));
  });
  onSnapshot(session.snapshot());
  main.querySelector("#step-title").focus();
}

function stageForm(stage) {
  const payload = app.drafts[stage] ?? payloadOf(app.session.row, stage);
  const form = document.createElement("form");
  form.className = "stage";
  form.noValidate = true;
  form.dataset.stage = stage;
  form.append(html(`<ul id="stage-issues" class="issue"></ul>`));
  for (const field of FIELDS[stage]) {
    if (field.tiers) {
      const tiers = Array.isArray(payload.tiers) && payload.tiers.length > 0 ? payload.tiers : [{}];
      tiers.forEach((tier, i) => form.append(tierFieldset(field.tiers, tier ?? {}, i, tiers.length)));
      const add = html(`<p><button type="button" id="add-tier">Add a tier</button></p>`);
      add.querySelector("button").addEventListener("click", () => {
        const draft = collect(form);
        draft.tiers = [...(draft.tiers ?? []), {}];
        edit(stage, draft, form);
      });
      form.append(add);
    } else {
      form.append(fieldBlock(field, field.path, valueAt(payload, field.path)));
    }
  }
  const actions = html(`<div class="actions"><button class="primary" type="submit">Next</button></div>`);
  form.append(actions);
  form.addEventListener("input", () => edit(stage, collect(form)));
  form.addEventListener("change", () => edit(stage, collect(form)));
  form.addEventListener("focusout", event => {
    if (event.target.name) {
      app.touched.add(`${stage}:${event.target.name}`);
    }
  });
  form.addEventListener("submit", event => {
    event.preventDefault();
    // An untouched form counts as typed (an unticked box is `false`), so Next sends what the page shows.
    edit(stage, collect(form));
    goTo(STAGES[STAGES.indexOf(stage) + 1]);
  });
  return form;
}

function tierFieldset(fields, tier, index, count) {
  const set = document.createElement("fieldset");
  set.append(html(`<legend>Ticket tier ${index + 1}</legend>`));
  for (const field of fields) {
    set.append(fieldBlock(field, `tiers[${index}].${field.path}`, tier[field.path]));
  }
  if (count > 1) {
    const remove = html(`<p><button type="button">Remove tier ${index + 1}</button></p>`);
    remove.querySelector("button").addEventListener("click", () => {
      const form = set.closest("form");
      const draft = collect(form);
      draft.tiers.splice(index, 1);
      edit(form.dataset.stage, draft, form);
    });
    set.append(remove);
  }
  return set;
}

function fieldBlock(field, name, value) {
  const id = `field-${name.replace(/[^A-Za-z0-9]/g, "-")}`;
  const block = document.createElement("div");
  block.className = "field";
  let input;
  if (field.options) {
    input = document.createElement("select");
    input.append(new Option("Choose…", ""), ...field.options.map(option => new Option(option.replace("_", " "), option)));
  } else if (field.type === "textarea") {
    input = document.createElement("textarea");
    input.rows = 3;
  } else {
    input = document.createElement("input");
    input.type = field.type ?? "text";
    if (field.step) {
      input.step = field.step;
      input.inputMode = field.step === "1" ? "numeric" : "decimal";
    }
  }
  input.id = id;
  input.name = name;
  input.dataset.kind = field.type ?? "text";
  if (field.autocomplete) {
    input.autocomplete = field.autocomplete;
  }
  if (input.type === "checkbox") {
    input.checked = value === true;
  } else {
    input.value = value === undefined || value === null ? "" : String(value);
  }
  input.setAttribute("aria-describedby", `${id}-issue`);
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = field.label;
  const issue = document.createElement("p");
  issue.className = "issue";
  issue.id = `${id}-issue`;
  issue.dataset.field = name;
  block.append(...(input.type === "checkbox" ? [input, " ", label] : [label, input]), issue);
  if (input.type === "checkbox") {
    label.style.display = "inline";
  }
  return block;
}

/** The form's payload as the server takes it: empty fields left out (so `required` shows), numbers as numbers. */
function collect(form) {
  const payload = {};
  for (const input of form.querySelectorAll("[name]")) {
    if (input.type === "radio") {
      continue;
    }
    let value;
    if (input.type === "checkbox") {
      value = input.checked;
    } else if (input.value.trim() === "") {
      continue;
    } else if (input.dataset.kind === "number") {
      value = Number(input.value);
    } else {
      value = input.value;
    }
    setAt(payload, input.name, value);
  }
  if (payload.tiers) {
    payload.tiers = Array.from(payload.tiers, tier => tier ?? {});
  } else if (form.dataset.stage === "ticketSetup") {
    payload.tiers = Array.from(form.querySelectorAll("fieldset"), () => ({}));
  }
  return payload;
}

/** An edit: autosaved (debounced by the client); a form whose shape changed is drawn again. */
function edit(stage, payload, redraw) {
  app.drafts[stage] = payload;
  app.session.autosave(stage, payload);
  if (redraw) {
    redraw.replaceWith(stageForm(stage));
    showIssues(app.session.row);
  }
}

/** Moves the wizard (back always, forward past complete steps); on 422 shows the issues and focuses the first. */
async function goTo(stage) {
  const session = app.session;
  try {
    await session.moveTo(stage);
    renderStep();
  } catch (error) {
    if (error instanceof ProblemError && error.code === "stage_incomplete") {
      const first = error.issues[0]?.field.split(".")[0];
      for (const issue of error.issues) {
        app.revealed.add(issue.field.split(".")[0]);
      }
      if (first && first !== session.row.current_stage) {
        await session.moveTo(first);
        renderStep();
      }
      showIssues(session.row);
      focusFirstIssue();
    } else {
      showError(error);
    }
  }
}

/** Each field's server issue under it, for fields the user left or after a refused Next. */
function showIssues(row) {
  const form = main.querySelector("form.stage");
  if (!form) {
    return;
  }
  const stage = form.dataset.stage;
  const issues = row.issues?.[stage] ?? [];
  const unplaced = [];
  for (const element of form.querySelectorAll(".issue")) {
    element.textContent = "";
    form.querySelector(`[name="${CSS.escape(element.dataset.field)}"]`)?.removeAttribute("aria-invalid");
  }
  for (const issue of issues) {
    const element = form.querySelector(`.issue[data-field="${CSS.escape(issue.field)}"]`);
    const visible = app.revealed.has(stage) || app.touched.has(`${stage}:${issue.field}`);
    if (!visible) {
      continue;
    }
    if (element) {
      element.textContent = element.textContent ? `${element.textContent} ${issue.message}` : issue.message;
      form.querySelector(`[name="${CSS.escape(issue.field)}"]`)?.setAttribute("aria-invalid", "true");
    } else {
      unplaced.push(issue.message);
    }
  }
  form.querySelector("#stage-issues").replaceChildren(...unplaced.map(message => Object.assign(document.createElement("li"), { textContent: message })));
}

function focusFirstIssue() {
  const invalid = main.querySelector("[aria-invalid='true']");
  (invalid ?? main.querySelector("#stage-issues li") ?? main.querySelector("#step-title"))?.focus();
}

function markSteps(row) {
  for (const button of main.querySelectorAll("ol.steps button")) {
    const complete = row.completed_stages.includes(button.dataset.stage);
    button.classList.toggle("complete", complete);
    button.setAttribute("aria-label", `${button.textContent.replace(" ✓", "")}${complete ? " (complete)" : ""}`);
  }
}

/** A 412 the client could not merge: what the other side saved, and a choice; the user's input stays in the form. */
function showConflict(conflict) {
  const banner = main.querySelector("#conflict");
  if (!banner) {
    return;
  }
  banner.hidden = !conflict;
  app.conflict = conflict;
  const shown = conflict ? `${conflict.stage}:${conflict.fields.join(",")}:${JSON.stringify(conflict.theirs)}` : "";
  if (banner.dataset.shown === shown) {
    // Drawn already: drawing it again on every keystroke would swap the buttons under a click.
    return;
  }
  banner.dataset.shown = shown;
  if (!conflict) {
    banner.replaceChildren();
    return;
  }
  const theirs = conflict.fields.map(field => `${field}: “${String(valueAt(conflict.theirs, field) ?? "(empty)")}”`).join(", ");
  banner.replaceChildren(html(`
    <div>
      <p><strong>Someone else changed ${STEP_TITLES[conflict.stage]} while you were editing.</strong>
        They saved ${escapeHtml(theirs)}. Your version is still in the form.</p>
      <div class="actions">
        <button type="button" id="keep-mine">Keep mine</button>
        <button type="button" id="use-theirs">Use theirs</button>
      </div>
    </div>`));
  // Either way the form then shows the payload that is saved, the other side's untouched fields included.
  const settle = choice => {
    const { base, mine, theirs, stage } = app.conflict;
    const resolved = threeWayMerge(base, mine, theirs, choice).merged;
    app.session.resolveConflict(resolved);
    app.drafts[stage] = resolved;
    renderStep();
  };
  banner.querySelector("#keep-mine").addEventListener("click", () => settle("mine"));
  banner.querySelector("#use-theirs").addEventListener("click", () => settle("theirs"));
}

async function renderReview(body) {
  const session = app.session;
  body.append(html(`
    <p>Publishing makes the event's public page. It happens once, however often the button is pressed.</p>
    <ul id="publish-issues" class="issue"></ul>
    <div class="actions"><button class="primary" type="button" id="publish">Publish</button></div>
    <div id="published" role="status"></div>`));
  const check = await app.client.publishCheck(session.id).catch(() => null);
  const list = body.querySelector("#publish-issues");
  for (const issue of check?.issues ?? []) {
    list.append(Object.assign(document.createElement("li"), { textContent: `${STEP_TITLES[issue.field.split(".")[0]] ?? ""}: ${issue.message}` }));
  }
  const button = body.querySelector("#publish");
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "Publishing…";
    try {
      const result = await session.publish();
      showPublished(result.event);
    } catch (error) {
      button.disabled = false;
      button.textContent = "Publish";
      showError(error);
    }
  });
}

async function renderClosed(row) {
  setStatus("closed");
  main.replaceChildren(html(`<h2 tabindex="-1">${escapeHtml(row.event_data?.title ?? "This event")}</h2><div id="published" role="status"></div>`));
  if (row.status === "completed" && row.event_id) {
    showPublished(await app.client.getEvent(row.event_id));
  } else {
    main.querySelector("#published").textContent = `This session is ${row.status}.`;
  }
  main.querySelector("h2").focus();
}

function showPublished(event) {
  const target = main.querySelector("#published");
  const link = `${app.apiBase}/public/events/${encodeURIComponent(event.slug)}`;
  target.className = "notice";
  target.replaceChildren(html(`<p><strong>Published: “${escapeHtml(event.title)}”.</strong>
    Its public page: <a id="public-link" href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`));
  main.querySelector("#publish")?.remove();
  target.querySelector("a").focus();
}

function wireTranscript() {
  app.transcriptAbort?.abort();
  app.transcriptAbort = new AbortController();
  const list = main.querySelector("#transcript");
  const seen = new Set();
  void (async () => {
    try {
      for await (const row of app.session.tailTranscript({ signal: app.transcriptAbort.signal, pollMs: 3000 })) {
        if (!seen.has(row.id)) {
          seen.add(row.id);
          list.append(Object.assign(document.createElement("li"), {
            textContent: row.csat_smallint ? `Rated ${row.csat_smallint} of 5` : `${row.role}: ${row.text ?? ""}`,
          }));
        }
      }
    } catch (error) {
      if (error?.name !== "AbortError") {
        list.append(Object.assign(document.createElement("li"), { textContent: "The transcript could not be read." }));
      }
    }
  })();
  main.querySelector("#turn").addEventListener("submit", async event => {
    event.preventDefault();
    const text = main.querySelector("#turn-text");
    await app.session.logTurn({ role: "user", text: text.value, stage: app.session.row.current_stage });
    text.value = "";
  });
  main.querySelector("#csat").addEventListener("submit", async event => {
    event.preventDefault();
    const chosen = main.querySelector("input[name='csat']:checked");
    await app.session.rate(Number(chosen.value));
    event.target.querySelector("legend").textContent = "Thank you for rating";
  });
}

function showError(error) {
  const text = error instanceof ProblemError
    ? `${error.message} (reference ${error.traceId ?? "none"})`
    : `Something went wrong: ${error?.message ?? error}`;
  let alert = main.querySelector("#error");
  if (!alert) {
    alert = html(`<p id="error" class="banner" role="alert" tabindex="-1"></p>`);
    main.prepend(alert);
  }
  alert.textContent = text;
  alert.focus();
}

function showFatal(error) {
  main.replaceChildren(html(`<p class="banner" role="alert"></p>`));
  main.querySelector("p").textContent = error instanceof ProblemError && error.status === 401
    ? "Your sign-in is not valid (expired?): open the address the DevHost printed again."
    : `The wizard could not start: ${error?.message ?? error}`;
}

function valueAt(object, path) {
  return path.split(/[.[\]]+/).filter(Boolean).reduce((value, key) => value?.[key], object);
}

function setAt(object, path, value) {
  const keys = path.split(/[.[\]]+/).filter(Boolean);
  let target = object;
  keys.slice(0, -1).forEach((key, i) => {
    target[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    target = target[key];
  });
  target[keys.at(-1)] = value;
}

/** Markup as one element, or as a fragment when it has several. Only for the page's own markup: text goes in escaped. */
function html(markup) {
  const template = document.createElement("template");
  template.innerHTML = markup.trim();
  return template.content.childElementCount === 1 ? template.content.firstElementChild : template.content;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
}
