// Compiled with the tests, never run: the types generated from docs/openapi.json reach the client's surface.
import type { ProblemCode, ProblemError, SessionRow, Stage } from "../src/index.js";

export const knownCode: ProblemCode = "version_mismatch";
// @ts-expect-error a code no route answers with is not a ProblemCode
export const unknownCode: ProblemCode = "no_such_code";
// @ts-expect-error stages are the six names of the document
export const unknownStage: Stage = "checkout";

export function codeOf(error: ProblemError): "conflict" | "other" {
  return error.code === "version_mismatch" || error.code === "session_closed" ? "conflict" : "other";
}

export function titleOf(row: SessionRow): unknown {
  // @ts-expect-error the row has event_data, not eventData
  return row.eventData ?? row.event_data.title;
}
