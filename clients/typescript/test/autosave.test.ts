import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError, type Conflict } from "../src/index.js";
import { clientFor, completePayloads, eventually, FaultProxy, isPatch, newTenant, serviceUnavailable } from "./support.js";

test("autosave is debounced and coalesced: ten quick edits are one PATCH with If-Match, of the last data", async () => {
  const proxy = await FaultProxy.start();
  try {
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const session = await client.createOrResume(undefined, { debounceMs: 200 });
    for (let i = 1; i <= 10; i++) {
      session.autosave("eventSetup", { title: "Spring show".slice(0, i) });
    }
    assert.equal(session.snapshot().state, "pending");
    const saved = await session.flush();
    assert.equal(saved.state, "saved");
    const patches = proxy.requests("PATCH", "/wizard-session/");
    assert.equal(patches.length, 1);
    assert.equal(patches[0]?.headers["if-match"], '"1"');
    assert.deepEqual(JSON.parse(patches[0]!.body), { stage: "eventSetup", data: { title: "Spring sho" } });
    assert.equal((await client.get(session.id)).version, 2);
  } finally {
    await proxy.close();
  }
});

test("the debounce sends by itself once the edits stop", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume(undefined, { debounceMs: 100 });
  session.autosave("organizer", { name: "Ann" });
  await eventually(() => session.snapshot().state === "saved", 5000, "the autosave");
  assert.deepEqual((await client.get(session.id)).organizer_data, { name: "Ann" });
});

test("never two PATCHes of a session in flight: edits made during a slow save go next, with its version", async () => {
  const proxy = await FaultProxy.start();
  try {
    proxy.inject({ matches: isPatch, times: 100, action: { delayMs: 150 } });
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const session = await client.createOrResume(undefined, { debounceMs: 10 });
    const payloads = completePayloads();
    for (const [stage, data] of Object.entries(payloads)) {
      session.autosave(stage as keyof typeof payloads, data);
      await new Promise(resolve => setTimeout(resolve, 40));
    }
    session.autosave("eventSetup", { ...payloads.eventSetup, title: "Autumn show" });
    const saved = await session.flush();
    assert.equal(saved.state, "saved");
    assert.equal(proxy.maxConcurrent.get("PATCH"), 1);
    const patches = proxy.requests("PATCH", "/wizard-session/");
    assert.deepEqual(patches.map(patch => patch.headers["if-match"]), patches.map((_, i) => `"${i + 1}"`));
    const row = await client.get(session.id);
    assert.equal(row.event_data.title, "Autumn show");
    assert.deepEqual(row.completed_stages, ["organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup"]);
  } finally {
    await proxy.close();
  }
});

test("a 412 on fields the other writer did not touch is merged and saved without asking", async () => {
  const tenant = newTenant();
  const client = clientFor(tenant.token);
  const session = await client.createOrResume(undefined, { debounceMs: 10 });
  session.autosave("eventSetup", { title: "Spring show", description: "old" });
  await session.flush();
  await clientFor(tenant.colleagueToken).patch(session.id, { stage: "eventSetup", data: { title: "Spring show", description: "by a colleague" } }, 2);

  session.autosave("eventSetup", { title: "Summer show", description: "old" });
  const saved = await session.flush();
  assert.equal(saved.state, "saved");
  assert.deepEqual((await client.get(session.id)).event_data, { title: "Summer show", description: "by a colleague" });
});

test("a 412 on a field both changed is handed to the caller: the server keeps theirs until resolveConflict('mine')", async () => {
  const tenant = newTenant();
  const client = clientFor(tenant.token);
  const session = await client.createOrResume(undefined, { debounceMs: 10 });
  session.autosave("eventSetup", { title: "Spring show" });
  await session.flush();
  await clientFor(tenant.colleagueToken).patch(session.id, { stage: "eventSetup", data: { title: "Their show" } }, 2);

  session.autosave("eventSetup", { title: "My show" });
  const stuck = await session.flush();
  assert.equal(stuck.state, "conflict");
  assert.deepEqual(stuck.conflict?.fields, ["title"]);
  assert.deepEqual(stuck.conflict?.theirs, { title: "Their show" });
  assert.deepEqual(stuck.conflict?.mine, { title: "My show" });
  assert.equal(stuck.conflict?.current.version, 3);
  assert.ok(stuck.conflict?.problem instanceof ProblemError);
  assert.deepEqual(stuck.unsaved, ["eventSetup"]);
  assert.equal((await client.get(session.id)).event_data.title, "Their show");

  session.resolveConflict("mine");
  const saved = await session.flush();
  assert.equal(saved.state, "saved");
  assert.equal((await client.get(session.id)).event_data.title, "My show");
});

test("resolveConflict('theirs') keeps the server's payload and sends nothing when nothing else changed", async () => {
  const tenant = newTenant();
  const client = clientFor(tenant.token);
  const session = await client.createOrResume(undefined, { debounceMs: 10 });
  await clientFor(tenant.colleagueToken).patch(session.id, { stage: "eventSetup", data: { title: "Their show" } }, 1);
  session.autosave("eventSetup", { title: "My show" });
  assert.equal((await session.flush()).state, "conflict");
  session.resolveConflict("theirs");
  const settled = await session.flush();
  assert.equal(settled.state, "saved");
  assert.equal(settled.row.version, 2);
  assert.equal((await client.get(session.id)).event_data.title, "Their show");
});

test("the merge hook settles a conflict with the payload it returns", async () => {
  const tenant = newTenant();
  const client = clientFor(tenant.token);
  const seen: Conflict[] = [];
  const session = await client.createOrResume(undefined, {
    debounceMs: 10,
    merge: conflict => {
      seen.push(conflict);
      return { title: `${String(conflict.mine.title)} / ${String(conflict.theirs.title)}` };
    },
  });
  await clientFor(tenant.colleagueToken).patch(session.id, { stage: "eventSetup", data: { title: "Theirs" } }, 1);
  session.autosave("eventSetup", { title: "Mine" });
  assert.equal((await session.flush()).state, "saved");
  assert.equal(seen.length, 1);
  assert.equal((await client.get(session.id)).event_data.title, "Mine / Theirs");
});

test("a save whose answer is lost is retried, finds its own change in the 412's row, and ends saved (applied once)", async () => {
  const proxy = await FaultProxy.start();
  try {
    proxy.inject({ matches: isPatch, times: 1, action: "drop-response" });
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const session = await client.createOrResume(undefined, { debounceMs: 10, retryDelayMs: 50 });
    session.autosave("venue", { mode: "virtual" });
    await eventually(() => session.snapshot().state === "saved", 5000, "the save after the lost answer");
    const patches = proxy.requests("PATCH", "/wizard-session/");
    assert.deepEqual(patches.map(patch => patch.headers["if-match"]), ['"1"', '"1"']);
    const row = await client.get(session.id);
    assert.equal(row.version, 2);
    assert.deepEqual(row.venue_data, { mode: "virtual" });
  } finally {
    await proxy.close();
  }
});

test("503s and refused connections are retried until the server answers; nothing typed is lost", async () => {
  const proxy = await FaultProxy.start();
  try {
    proxy.inject({ matches: isPatch, times: 2, action: serviceUnavailable(0) });
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const session = await client.createOrResume(undefined, { debounceMs: 10, retryDelayMs: 20 });
    const states: string[] = [];
    session.subscribe(snapshot => states.push(snapshot.state));
    session.autosave("organizer", { name: "Ann" });
    session.autosave("organizer", { name: "Ann Lee" });
    await eventually(() => session.snapshot().state === "saved", 5000, "the save after two 503s");
    assert.ok(states.includes("retrying"));
    assert.equal(proxy.requests("PATCH", "/wizard-session/").length, 3);
    assert.deepEqual((await client.get(session.id)).organizer_data, { name: "Ann Lee" });
  } finally {
    await proxy.close();
  }
});

test("flush answers with state 'retrying' while the API cannot be reached, and the edit stays unsaved", async () => {
  const proxy = await FaultProxy.start();
  const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
  const session = await client.createOrResume(undefined, { debounceMs: 10, retryDelayMs: 60_000 });
  await proxy.close();
  session.autosave("organizer", { name: "Offline Ann" });
  const snapshot = await session.flush();
  assert.equal(snapshot.state, "retrying");
  assert.deepEqual(snapshot.unsaved, ["organizerSetup"]);
  assert.equal(snapshot.error?.name, "NetworkError");
  session.dispose();
});

test("moveTo goes forward only past complete stages: stage_incomplete lists what is missing, and moves once complete", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume(undefined, { debounceMs: 10 });
  session.autosave("organizerSetup", { name: "Ann" });
  const refused = await session.moveTo("eventSetup").then(() => undefined, (e: unknown) => e);
  assert.ok(refused instanceof ProblemError);
  assert.equal(refused.status, 422);
  assert.equal(refused.code, "stage_incomplete");
  assert.ok(refused.issues.some(issue => issue.field === "organizerSetup.email" && issue.code === "required"));
  assert.equal(session.snapshot().state, "saved");

  session.autosave("organizerSetup", completePayloads().organizerSetup);
  const moved = await session.moveTo("eventSetup");
  assert.equal(moved.current_stage, "eventSetup");
  const back = await session.moveTo("organizer");
  assert.equal(back.current_stage, "organizerSetup");
});

test("after publish the session is closed: autosave throws instead of sending", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume(undefined, { debounceMs: 10 });
  for (const [stage, data] of Object.entries(completePayloads())) {
    session.autosave(stage as "eventSetup", data);
  }
  await session.publish();
  assert.equal(session.snapshot().state, "closed");
  assert.equal(session.row.status, "completed");
  assert.throws(() => session.autosave("eventSetup", { title: "Too late" }), /completed/);
});
