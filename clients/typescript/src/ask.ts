import { NetworkError, ProblemError } from "./problem.js";
import type { Transport } from "./transport.js";
import type { CopilotReply, ProblemBody, StageName } from "./types.js";

export interface AskOptions {
  /** The stage the organizer is asking about (default: the session's current stage). */
  stage?: StageName;
  /** Called with each piece of the reply as the model writes it; the answer is streamed when it is given. */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

/**
 * One turn with the server-side copilot (`POST …/copilot`). With `onDelta` the answer comes as server-sent events
 * (`delta` pieces, then `done` with the whole answer); without it, as one JSON body. Either way it resolves with the
 * reply, the proposals (never applied: apply one with an autosave) and what the turn cost. A model that fails
 * rejects with a `ProblemError` (`copilot_unavailable`), mid-stream too.
 */
export async function ask(transport: Transport, sessionPath: string, message: string, options: AskOptions = {}): Promise<CopilotReply> {
  const body = options.stage === undefined ? { message } : { message, stage: options.stage };
  const path = `${sessionPath}/copilot`;
  if (!options.onDelta) {
    return (await transport.send<CopilotReply>("POST", path, { body, signal: options.signal })).body;
  }
  const response = await transport.open("POST", path, {
    body, signal: options.signal, headers: { Accept: "text/event-stream, application/problem+json" },
  });
  if (!/^text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) {
    return (await response.json()) as CopilotReply;
  }
  for await (const event of serverSentEvents(response, options.signal)) {
    if (event.name === "delta") {
      options.onDelta((JSON.parse(event.data) as { text: string }).text);
    } else if (event.name === "done") {
      return JSON.parse(event.data) as CopilotReply;
    } else if (event.name === "error") {
      const problem = JSON.parse(event.data) as ProblemBody;
      throw new ProblemError(problem.status ?? 502, problem, response.headers);
    }
  }
  throw new NetworkError(`POST ${path}: the stream ended before its done event.`);
}

interface ServerSentEvent {
  name: string;
  data: string;
}

/** The events of a text/event-stream body as they arrive (blank-line separated; `event:` names, `data:` lines). */
async function* serverSentEvents(response: Response, signal: AbortSignal | undefined): AsyncGenerator<ServerSentEvent> {
  if (!response.body) {
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        yield parseEvent(block);
      }
    }
  } catch (error) {
    if (signal?.aborted) {
      throw signal.reason;
    }
    throw error instanceof ProblemError ? error : new NetworkError(`The copilot's stream broke: ${(error as Error).message}`, { cause: error });
  } finally {
    reader.releaseLock();
  }
}

function parseEvent(block: string): ServerSentEvent {
  let name = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) {
      name = line.slice("event:".length).trim();
    } else if (line.startsWith("data:")) {
      data.push(line.slice("data:".length).replace(/^ /, ""));
    }
  }
  return { name, data: data.join("\n") };
}
