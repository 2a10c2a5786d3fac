import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "../src/index.js";
import { clientFor, newTenant } from "./support.js";

const today = () => new Date().toISOString().slice(0, 10);

test("analytics reads the organization's dashboard: a session started, rated and talked to counts once each", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume();
  await client.rate(session.id, 4, { stage: "eventSetup" });
  await client.logTurn(session.id, { role: "assistant", text: "Which date?", model: "gpt-test", tokensUsed: 120, latencyMs: 900 });

  const figures = await client.analytics({ from: today(), to: today() });

  assert.equal(figures.from, today());
  assert.equal(figures.funnel.started, 1);
  assert.equal(figures.funnel.reached.organizerSetup, 1);
  assert.equal(figures.csat.count, 1);
  assert.equal(figures.csat.byStage.eventSetup?.mean, 4);
  assert.equal(figures.ai.byModel["gpt-test"]?.turns, 1);
  assert.equal(figures.ai.byModel["gpt-test"]?.tokens, 120);
  assert.deepEqual(figures.daily.map(day => day.started), [1]);
});

test("analytics without a range is the last 30 days; from after to is a ProblemError validation_failed", async () => {
  const client = clientFor(newTenant().token);

  assert.equal((await client.analytics()).daily.length, 30);
  await assert.rejects(client.analytics({ from: "2026-03-02", to: "2026-03-01" }),
    (error: unknown) => error instanceof ProblemError && error.code === "validation_failed" && error.status === 400);
});
