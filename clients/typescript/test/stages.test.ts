import assert from "node:assert/strict";
import { test } from "node:test";
import { copilotActions, jsonSchemaTools, STAGES } from "../src/index.js";
import { clientFor, completePayloads, FaultProxy, newTenant } from "./support.js";

test("stages() returns the six stages in order, and asks again with If-None-Match (a 304 reuses them)", async () => {
  const proxy = await FaultProxy.start();
  try {
    const client = clientFor(newTenant().token, { baseUrl: proxy.apiBase });
    const stages = await client.stages();
    assert.deepEqual(stages.map(stage => stage.name), STAGES);
    assert.equal(stages.at(-1)?.schema, null);
    const again = await client.stages();
    assert.equal(again, stages);
    const requests = proxy.requests("GET", "/wizard-stages");
    assert.equal(requests.length, 2);
    assert.equal(requests[0]?.headers["if-none-match"], undefined);
    assert.equal(requests[0]?.headers.authorization, undefined);
    assert.match(String(requests[1]?.headers["if-none-match"]), /^(W\/)?"/);
  } finally {
    await proxy.close();
  }
});

test("copilotActions: one CopilotKit action per data stage, parameters from the schema with required, enums and nested tiers", async () => {
  const actions = copilotActions(await clientFor(newTenant().token).stages());
  assert.deepEqual(actions.map(action => action.name), ["saveOrganizerSetup", "saveEventSetup", "saveTicketSetup", "saveVenueSetup", "savePaymentSetup"]);
  const event = actions.find(action => action.stage === "eventSetup")!;
  assert.match(event.description, /before today/i, "the stage's rules are in the description");
  const parameter = (name: string) => event.parameters.find(p => p.name === name);
  assert.deepEqual(event.parameters.filter(p => p.required).map(p => p.name), ["title", "type", "date", "startTime"]);
  assert.equal(parameter("title")?.type, "string");
  assert.deepEqual(parameter("type")?.enum, ["fashion_show", "popup", "exhibition", "launch"]);
  assert.equal(parameter("endTime")?.type, "string", "a nullable string is a string");
  assert.equal(parameter("endTime")?.required, false);

  const tiers = actions.find(action => action.stage === "ticketSetup")!.parameters.find(p => p.name === "tiers")!;
  assert.equal(tiers.type, "object[]");
  assert.deepEqual(tiers.attributes?.map(a => [a.name, a.type, a.required]),
    [["name", "string", true], ["price", "number", true], ["currency", "string", false], ["quantity", "number", true]]);
  const address = actions.find(action => action.stage === "venueSetup")!.parameters.find(p => p.name === "address")!;
  assert.equal(address.type, "object");
  assert.deepEqual(address.attributes?.map(a => a.name), ["line1", "city", "country"]);
  assert.equal(actions.find(action => action.stage === "paymentSetup")!.parameters.find(p => p.name === "enabled")?.type, "boolean");
});

test("jsonSchemaTools: the stage schemas as served; an action's arguments saved through autosave complete the stage", async () => {
  const client = clientFor(newTenant().token);
  const stages = await client.stages();
  const tools = jsonSchemaTools(stages);
  assert.equal(tools.length, 5);
  for (const tool of tools) {
    assert.match(tool.name, /^[a-zA-Z0-9_-]{1,64}$/);
    assert.deepEqual(tool.parameters, stages.find(stage => stage.name === tool.stage)?.schema);
  }
  const session = await client.createOrResume(undefined, { debounceMs: 10 });
  const handler = (stage: (typeof tools)[number]["stage"], args: Record<string, unknown>) => session.autosave(stage, args);
  handler(tools[1]!.stage, completePayloads().eventSetup);
  const saved = await session.flush();
  assert.deepEqual(saved.row.completed_stages, ["eventSetup"]);
});
