import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "../src/index.js";
import { clientFor, newTenant } from "./support.js";

test("createOrResume without an id creates a session at version 1; with its id it resumes the same session", async () => {
  const client = clientFor(newTenant().token);
  const created = await client.createOrResume();
  assert.equal(created.row.version, 1);
  assert.equal(created.row.status, "in_progress");
  assert.equal(created.row.current_stage, "organizerSetup");
  const resumed = await client.createOrResume(created.id);
  assert.equal(resumed.id, created.id);
  assert.equal(resumed.row.version, 1);
});

test("createOrResume with an id the organization does not have creates the session with that id", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume("draft-from-device-1");
  assert.equal(session.id, "draft-from-device-1");
  assert.equal((await client.get("draft-from-device-1")).session_id, "draft-from-device-1");
});

test("get reads the row; getIfChanged answers null for the current version and the row for an older one", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume();
  await client.patch(session.id, { stage: "eventSetup", data: { title: "Launch" } }, 1);
  const row = await client.get(session.id);
  assert.equal(row.version, 2);
  assert.deepEqual(row.event_data, { title: "Launch" });
  assert.ok(row.issues.eventSetup?.some(issue => issue.field === "date" && issue.code === "required"));
  assert.equal(await client.getIfChanged(session.id, 2), null);
  assert.equal((await client.getIfChanged(session.id, 1))?.version, 2);
});

test("listMine pages through the caller's own sessions, each once, newest change first, and leaves out a colleague's", async () => {
  const tenant = newTenant();
  const client = clientFor(tenant.token);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await client.createOrResume()).id);
  }
  await clientFor(tenant.colleagueToken).createOrResume("colleagues-draft");

  const first = await client.listMine({ limit: 2 });
  assert.equal(first.items.length, 2);
  assert.notEqual(first.next, null);
  const pages = [];
  for await (const page of client.listMinePages({ limit: 2 })) {
    pages.push(page);
  }
  assert.deepEqual(pages.map(page => page.items.length), [2, 2, 1]);
  assert.equal(pages.at(-1)?.next, null);
  assert.deepEqual(pages.flatMap(page => page.items.map(item => item.session_id)), [...ids].reverse());
  assert.ok(pages.flatMap(page => page.items).every(item => item.title === null && !("event_data" in item)));
});

test("abandon closes the session; resuming it then is a ProblemError session_closed with session_status", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume();
  const abandoned = await client.abandon(session.id, { version: 1 });
  assert.equal(abandoned.status, "abandoned");
  assert.equal(abandoned.is_active, false);
  const error = await client.createOrResume(session.id).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.status, 409);
  assert.equal(error.code, "session_closed");
  assert.equal(error.body?.session_status, "abandoned");
  assert.match(error.traceId ?? "", /\S/);
});

test("abandon with a stale version is a 412 version_mismatch carrying the current row", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume();
  await client.patch(session.id, { stage: "organizer", data: { name: "Ann" } }, 1);
  const error = await client.abandon(session.id, { version: 1 }).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.code, "version_mismatch");
  assert.equal(error.current?.version, 2);
  assert.deepEqual(error.current?.organizer_data, { name: "Ann" });
  assert.equal((await client.get(session.id)).status, "in_progress");
});

test("problems are typed: code, issues per field and traceId equal to the request's X-Request-Id", async () => {
  const client = clientFor(newTenant().token);
  const invalid = await client.createOrResume("bad id!").then(() => undefined, (e: unknown) => e);
  assert.ok(invalid instanceof ProblemError);
  assert.equal(invalid.status, 400);
  assert.equal(invalid.code, "validation_failed");
  assert.deepEqual(invalid.issues.map(issue => [issue.field, issue.code]), [["sessionId", "invalid_format"]]);

  const missing = await client.get("no-such-session").then(() => undefined, (e: unknown) => e);
  assert.ok(missing instanceof ProblemError);
  assert.equal(missing.code, "session_not_found");

  const traced = clientFor("not-a-token", {
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("X-Request-Id", "trace-me-123");
      return fetch(input, { ...init, headers });
    },
  });
  const unauthorized = await traced.get("no-such-session").then(() => undefined, (e: unknown) => e);
  assert.ok(unauthorized instanceof ProblemError);
  assert.equal(unauthorized.status, 401);
  assert.equal(unauthorized.code, "unauthorized");
  assert.equal(unauthorized.traceId, "trace-me-123");
});
