import assert from "node:assert/strict";
import { test } from "node:test";
import { EventWizardClient, memoryKeyStore, ProblemError } from "../src/index.js";
import { clientFor, newTenant } from "./support.js";

/** A DevHost whose copilot calls the .NET tests' fake model (tests/ClientPackage starts it). */
function copilotClient(token: string): EventWizardClient {
  const baseUrl = process.env["EVENT_WIZARD_COPILOT_API"];
  if (!baseUrl) {
    throw new Error("EVENT_WIZARD_COPILOT_API is not set: run these tests through 'dotnet test --filter FullyQualifiedName~TypeScriptClientTests'.");
  }
  return new EventWizardClient({ baseUrl, token, keyStore: memoryKeyStore() });
}

test("ask with onDelta streams the reply piece by piece and resolves with the whole answer", async () => {
  const client = copilotClient(newTenant().token);
  const session = await client.createOrResume();
  const deltas: string[] = [];
  const answer = await session.ask("Help me name my show", { stage: "event", onDelta: text => deltas.push(text) });
  assert.ok(deltas.length > 1, `expected several pieces, got ${deltas.length}`);
  assert.equal(deltas.join(""), answer.reply);
  assert.ok(answer.reply.length > 0);
  assert.deepEqual(answer.proposals, []);
  assert.equal(answer.usage.model, "fake-model-1");
  assert.ok(answer.usage.promptTokens > 0 && answer.usage.completionTokens > 0);
  const turns = await client.transcript(session.id);
  assert.deepEqual(turns.items.map(turn => [turn.role, turn.stage]), [["user", "eventSetup"], ["assistant", "eventSetup"]]);
  assert.equal(turns.items[1]?.tokens_used, answer.usage.promptTokens + answer.usage.completionTokens);
});

test("ask without onDelta gets the same answer as one JSON body", async () => {
  const session = await copilotClient(newTenant().token).createOrResume();
  const answer = await session.ask("Hello");
  assert.ok(answer.reply.length > 0);
  assert.equal(answer.usage.model, "fake-model-1");
});

test("ask on a closed session, or where no copilot is configured, rejects with the problem", async () => {
  const tenant = newTenant();
  const session = await copilotClient(tenant.token).createOrResume();
  await session.abandon();
  await assert.rejects(session.ask("Still there?", { onDelta: () => undefined }),
    (error: unknown) => error instanceof ProblemError && error.status === 409 && error.code === "session_closed");
  const unconfigured = await clientFor(tenant.token).createOrResume();
  await assert.rejects(unconfigured.ask("Hello", { onDelta: () => undefined }),
    (error: unknown) => error instanceof ProblemError && error.status === 503 && error.code === "copilot_not_configured");
});
