import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryKeyStore, ProblemError, PublishOutcomeUnknownError, type EventWizardClient } from "../src/index.js";
import { clientFor, completePayloads, FaultProxy, isPublish, newTenant, serviceUnavailable } from "./support.js";

async function completeSession(client: EventWizardClient): Promise<string> {
  const session = await client.createOrResume(undefined, { debounceMs: 10 });
  for (const [stage, data] of Object.entries(completePayloads())) {
    session.autosave(stage as "eventSetup", data);
  }
  assert.equal((await session.flush()).state, "saved");
  session.dispose();
  return session.id;
}

async function eventCount(client: EventWizardClient): Promise<number> {
  return (await client.listEvents({ limit: 100 })).items.length;
}

function keysOf(proxy: FaultProxy): Array<string | string[] | undefined> {
  return proxy.requests("POST", "/publish-event").map(request => request.headers["idempotency-key"]);
}

test("the first publish's answer is lost: the retry sends the same key and gets the same event; one event in all", async () => {
  const proxy = await FaultProxy.start();
  try {
    proxy.inject({ matches: isPublish, times: 1, action: "drop-response" });
    const keyStore = memoryKeyStore();
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase, keyStore });
    const sessionId = await completeSession(client);

    const published = await client.publish(sessionId, { retryDelayMs: 20 });

    assert.equal(published.attempts, 2);
    assert.equal(published.replayed, true);
    const keys = keysOf(proxy);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], published.key);
    assert.equal(keys[1], published.key);
    assert.equal(await eventCount(client), 1);
    assert.equal((await client.get(sessionId)).event_id, published.event.id);
    assert.equal(client.pendingPublishKey(sessionId), null);
  } finally {
    await proxy.close();
  }
});

test("two 503s with Retry-After: publish waits as told, retries with the same key, and makes one event", async () => {
  const proxy = await FaultProxy.start();
  try {
    proxy.inject({ matches: isPublish, times: 2, action: serviceUnavailable(1) });
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const sessionId = await completeSession(client);
    const waits: number[] = [];

    const started = Date.now();
    const published = await client.publish(sessionId, { onRetry: (_attempt, _error, delayMs) => waits.push(delayMs) });

    assert.ok(Date.now() - started >= 2000, "Retry-After: 1, twice");
    assert.deepEqual(waits, [1000, 1000]);
    assert.equal(published.attempts, 3);
    assert.equal(published.replayed, false);
    assert.equal(new Set(keysOf(proxy)).size, 1);
    assert.equal(keysOf(proxy).length, 3);
    assert.equal(await eventCount(client), 1);
  } finally {
    await proxy.close();
  }
});

test("409 request_in_progress is retried after its Retry-After with the same key", async () => {
  const proxy = await FaultProxy.start();
  try {
    proxy.inject({
      matches: isPublish, times: 1,
      action: {
        status: 409, headers: { "Retry-After": "0" },
        body: { type: "https://event-wizard.dev/problems/request-in-progress", title: "Request in progress", status: 409, detail: "A request with this key is running.", code: "request_in_progress" },
      },
    });
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const sessionId = await completeSession(client);
    const published = await client.publish(sessionId);
    assert.equal(published.attempts, 2);
    assert.equal(new Set(keysOf(proxy)).size, 1);
    assert.equal(await eventCount(client), 1);
  } finally {
    await proxy.close();
  }
});

test("a double click publishes once: the second call shares the first one's request", async () => {
  const proxy = await FaultProxy.start();
  try {
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const sessionId = await completeSession(client);
    const [first, second] = await Promise.all([client.publish(sessionId), client.publish(sessionId)]);
    assert.equal(first.event.id, second.event.id);
    assert.equal(keysOf(proxy).length, 1);
    assert.equal(await eventCount(client), 1);
  } finally {
    await proxy.close();
  }
});

test("two tabs (two clients, one key store) publishing at once make one event and both get it", async () => {
  const tenant = newTenant();
  const keyStore = memoryKeyStore();
  const firstTab = clientFor(tenant.token, { keyStore });
  const secondTab = clientFor(tenant.token, { keyStore });
  const sessionId = await completeSession(firstTab);
  const [first, second] = await Promise.all([firstTab.publish(sessionId), secondTab.publish(sessionId)]);
  assert.equal(first.event.id, second.event.id);
  assert.equal(first.key, second.key);
  assert.equal(await eventCount(firstTab), 1);
});

test("no answer after every attempt: the key is kept, and a reload's publish sends it again and gets the event", async () => {
  const proxy = await FaultProxy.start();
  try {
    proxy.inject({ matches: isPublish, times: 3, action: "drop-response" });
    const keyStore = memoryKeyStore();
    const tenant = newTenant();
    const beforeReload = clientFor(tenant.token, { baseUrl: proxy.apiBase, keyStore });
    const sessionId = await completeSession(beforeReload);

    const lost = await beforeReload.publish(sessionId, { maxAttempts: 3, retryDelayMs: 10 }).then(() => undefined, (e: unknown) => e);
    assert.ok(lost instanceof PublishOutcomeUnknownError);
    assert.equal(lost.attempts, 3);
    assert.equal(beforeReload.pendingPublishKey(sessionId), lost.key);

    const afterReload = clientFor(tenant.token, { baseUrl: proxy.apiBase, keyStore });
    const published = await afterReload.publish(sessionId);
    assert.equal(published.key, lost.key);
    assert.equal(published.replayed, true);
    assert.deepEqual(keysOf(proxy), [lost.key, lost.key, lost.key, lost.key]);
    assert.equal(await eventCount(afterReload), 1);
    assert.equal(afterReload.pendingPublishKey(sessionId), null);
  } finally {
    await proxy.close();
  }
});

test("a refusal is an outcome: session_incomplete with its issues, the key is dropped, nothing is retried", async () => {
  const proxy = await FaultProxy.start();
  try {
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const session = await client.createOrResume();
    const refused = await client.publish(session.id).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof ProblemError);
    assert.equal(refused.status, 422);
    assert.equal(refused.code, "session_incomplete");
    assert.ok(refused.issues.some(issue => issue.field === "eventSetup.title"));
    assert.equal(keysOf(proxy).length, 1);
    assert.equal(client.pendingPublishKey(session.id), null);
    assert.equal(await eventCount(client), 0);
  } finally {
    await proxy.close();
  }
});

test("publishCheck says what publish would say, without publishing", async () => {
  const client = clientFor(newTenant().token);
  const incomplete = await client.createOrResume();
  const check = await client.publishCheck(incomplete.id);
  assert.equal(check.ready, false);
  assert.ok(check.issues.some(issue => issue.field === "organizerSetup.name"));
  const ready = await client.publishCheck(await completeSession(client));
  assert.deepEqual(ready, { ready: true, issues: [] });
  assert.equal(await eventCount(client), 0);
});
