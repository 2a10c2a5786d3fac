import assert from "node:assert/strict";
import { test } from "node:test";
import type { InteractionRow } from "../src/index.js";
import { clientFor, newTenant } from "./support.js";

test("logTurn stores a turn with its model, tokens and latency; rate stores a CSAT rating", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume();
  const turn = await session.logTurn({ role: "assistant", text: "What is the event called?", stage: "eventSetup", tokensUsed: 42, model: "gpt-test", latencyMs: 350 });
  assert.equal(turn.role, "assistant");
  assert.equal(turn.text, "What is the event called?");
  assert.equal(turn.stage, "eventSetup");
  assert.equal(turn.tokens_used, 42);
  assert.equal(turn.model, "gpt-test");
  assert.equal(turn.latency_ms, 350);
  const rating = await session.rate(5, { text: "Smooth" });
  assert.equal(rating.csat_smallint, 5);
  assert.equal(rating.text, "Smooth");
  const page = await client.transcript(session.id);
  assert.deepEqual(page.items.map(item => item.id), [turn.id, rating.id]);
});

test("tailTranscript yields what is there, then each new interaction once, in order, until aborted", async () => {
  const client = clientFor(newTenant().token);
  const session = await client.createOrResume();
  const first = await session.logTurn({ role: "user", text: "one" });
  const stop = new AbortController();
  const seen: InteractionRow[] = [];
  const tail = (async () => {
    for await (const item of session.tailTranscript({ pollMs: 50, signal: stop.signal })) {
      seen.push(item);
      if (seen.length === 5) {
        stop.abort();
      }
    }
  })();
  const written = [first];
  for (const text of ["two", "three", "four", "five"]) {
    written.push(await session.logTurn({ role: "user", text }));
    await new Promise(resolve => setTimeout(resolve, 30));
  }
  await tail;
  assert.deepEqual(seen.map(item => item.id), written.map(item => item.id));
  assert.deepEqual(seen.map(item => item.text), ["one", "two", "three", "four", "five"]);
});
