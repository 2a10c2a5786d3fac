// The whole wizard against the Event Wizard API, as a single-page app on its own origin calls it: plain
// fetch(), a bearer token, and the response headers the API exposes to other origins.
import { stagePayloads } from "./payloads.js";

// Headers a page on another origin can read: the API's Access-Control-Expose-Headers, and Content-Type,
// which browsers always expose.
const readableHeaders = ["Content-Type", "ETag", "Location", "Idempotent-Replayed", "X-Request-Id"];

/**
 * Create a session, autosave every stage with If-Match, autosave once more with a stale If-Match (as another
 * tab would), publish, publish again with the same Idempotency-Key, and read the public event page.
 * Returns { steps, stoppedBy }: what the page saw of each call by step name, and why the flow stopped early
 * (null when it ran to the end).
 */
export async function runWizardFlow(apiBase, token) {
  const steps = {};
  const call = async (step, method, path, options = {}) => {
    steps[step] = await send(step, method, apiBase + path, { token, ...options });
    if (steps[step].error) {
      throw new Error(`${step}: ${steps[step].error.name}: ${steps[step].error.message}`);
    }
    return steps[step];
  };

  try {
    const created = await call("create", "POST", "/wizard-session", { body: {} });
    const sessionId = created.body.session_id;

    let etag = created.headers.ETag;
    const payloads = stagePayloads();
    for (const [stage, data] of Object.entries(payloads)) {
      const saved = await call(stage, "PATCH", "/wizard-session", { body: { sessionId, stage, data }, ifMatch: etag });
      etag = saved.headers.ETag;
    }

    const staleEdit = { ...payloads.eventSetup, title: "Edited in another tab" };
    await call("staleAutosave", "PATCH", "/wizard-session",
      { body: { sessionId, stage: "eventSetup", data: staleEdit }, ifMatch: created.headers.ETag });

    // One key per publish intent: a retry after a lost answer sends the same key and gets the same event.
    const idempotencyKey = crypto.randomUUID();
    const published = await call("publish", "POST", "/publish-event", { body: { sessionId }, idempotencyKey });
    await call("publishAgain", "POST", "/publish-event", { body: { sessionId }, idempotencyKey });

    await call("publicPage", "GET", `/public/events/${encodeURIComponent(published.body.slug)}`, { token: null });
    return { steps, stoppedBy: null };
  } catch (error) {
    return { steps, stoppedBy: `${error.name}: ${error.message}` };
  }
}

/** The public page of a published event: anonymous, no token. */
export function readPublicEvent(apiBase, slug) {
  return send("publicPage", "GET", `${apiBase}/public/events/${encodeURIComponent(slug)}`, {});
}

/**
 * One fetch() to the API. Returns { status, headers, body } (body: the parsed JSON, or null when empty), or
 * { error } when fetch rejected; shows the outcome as a row of the page's table.
 */
async function send(step, method, url, { token, body, ifMatch, idempotencyKey }) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (ifMatch) headers["If-Match"] = ifMatch;
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;

  let result;
  try {
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    result = {
      status: response.status,
      headers: Object.fromEntries(readableHeaders.map((name) => [name, response.headers.get(name)])),
      body: text ? JSON.parse(text) : null,
    };
  } catch (error) {
    // When the browser blocks a cross-origin call (an origin the API does not allow), fetch rejects with a
    // TypeError: the page gets no status, no headers and no body. The console says why.
    result = { error: { name: error.name, message: error.message } };
  }
  showRow(step, `${method} ${new URL(url).pathname}`, result);
  return result;
}

function showRow(step, request, { status, headers = {}, error }) {
  const row = document.createElement("tr");
  const cells = error
    ? [step, request, `${error.name}: ${error.message}`, "", "", "", ""]
    : [step, request, status, headers.ETag, headers.Location, headers["Idempotent-Replayed"], headers["X-Request-Id"]];
  for (const value of cells) {
    row.insertCell().textContent = value ?? "";
  }
  row.className = error ? "blocked" : "";
  document.getElementById("steps").append(row);
}

document.getElementById("origin").textContent = location.origin;
window.eventWizard = { runWizardFlow, readPublicEvent };
