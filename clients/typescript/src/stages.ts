import type { DataStage, SessionRow, Stage, StageName } from "./types.js";

/** The six stages in wizard order. */
export const STAGES: readonly Stage[] = ["organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup", "reviewPublish"];

/** The five data stages in wizard order. */
export const DATA_STAGES: readonly DataStage[] = ["organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup"];

const ALIASES: Readonly<Record<string, Stage>> = {
  organizer: "organizerSetup", event: "eventSetup", ticket: "ticketSetup", venue: "venueSetup", payment: "paymentSetup",
};

/** The row field that holds each data stage's payload. */
export const PAYLOAD_COLUMNS = {
  organizerSetup: "organizer_data",
  eventSetup: "event_data",
  ticketSetup: "ticket_data",
  venueSetup: "venue_data",
  paymentSetup: "payment_data",
} as const satisfies Record<DataStage, keyof SessionRow>;

/** The full name of a stage given by its full name or its short alias. */
export function stageOf(name: StageName): Stage {
  const stage = ALIASES[name] ?? name;
  if (!STAGES.includes(stage as Stage)) {
    throw new RangeError(`${name} is not a stage (stages: ${STAGES.join(", ")}).`);
  }
  return stage as Stage;
}

/** The data stage given by its full name or alias; reviewPublish and unknown names throw. */
export function dataStageOf(name: StageName): DataStage {
  const stage = stageOf(name);
  if (stage === "reviewPublish") {
    throw new RangeError("reviewPublish has no payload.");
  }
  return stage;
}

/** A data stage's payload in a row. */
export function payloadOf(row: SessionRow, stage: DataStage): Record<string, unknown> {
  return row[PAYLOAD_COLUMNS[stage]];
}
