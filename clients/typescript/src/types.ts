import type { components, operations } from "./generated/openapi.js";

type Schemas = components["schemas"];

/** A session with its payloads and `issues`: what create, read, autosave and abandon answer with. */
export type SessionRow = Schemas["SessionRow"];
/** A session in the resume list: no payloads, plus the event's title. */
export type SessionSummary = Schemas["SessionSummary"];
export type SessionPage = Schemas["SessionPage"];
export type SessionStatus = Schemas["SessionStatus"];
/** The six stages, in wizard order. */
export type Stage = Schemas["Stage"];
/** The five stages that own a payload. */
export type DataStage = Schemas["DataStage"];
/** A stage's full name or its short request alias (`event` for `eventSetup`). */
export type StageName = Schemas["StageName"];
export type FieldIssue = Schemas["FieldIssue"];
export type InteractionRow = Schemas["InteractionRow"];
export type InteractionPage = Schemas["InteractionPage"];
export type InteractionRequest = Schemas["InteractionRequest"];
export type WizardStage = Schemas["WizardStage"];
export type StageRule = Schemas["StageRule"];
export type Event = Schemas["Event"];
export type EventPage = Schemas["EventPage"];
export type PublicEvent = Schemas["PublicEvent"];
export type PublishCheck = Schemas["PublishCheck"];
export type WizardAnalytics = Schemas["WizardAnalytics"];
export type ProblemBody = Schemas["Problem"];
/** A copilot turn's answer: the reply, the proposals (stage data with its issues, never applied) and its cost. */
export type CopilotReply = Schemas["CopilotReply"];
export type CopilotProposal = Schemas["CopilotProposal"];

/** A stage's payload as autosave stores it: any JSON object (half-typed input included). */
export type Payload = Record<string, unknown>;

/** What a complete payload of each data stage looks like (the stage schemas of GET /api/wizard-stages). */
export interface StagePayloads {
  organizerSetup: Schemas["OrganizerSetup"];
  eventSetup: Schemas["EventSetup"];
  ticketSetup: Schemas["TicketSetup"];
  venueSetup: Schemas["VenueSetup"];
  paymentSetup: Schemas["PaymentSetup"];
}

// Indexed access, not `infer`: a response's schema is `{ code: "a" | "b" } & Problem`, and inferring `code` from that
// intersection widens it to Problem's `string`.
type CodeOf<Response> = Response extends { content: { "application/problem+json": { code: unknown } } }
  ? Response["content"]["application/problem+json"]["code"]
  : never;
type CodesOf<Op> = Op extends { responses: infer Responses } ? { [S in keyof Responses]: CodeOf<Responses[S]> }[keyof Responses] : never;

/** Every problem `code` some route of the API answers with, from the OpenAPI document. */
export type ProblemCode = { [K in keyof operations]: CodesOf<operations[K]> }[keyof operations];
