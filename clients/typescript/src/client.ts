import { ask, type AskOptions } from "./ask.js";
import { defaultKeyStore, type KeyStore } from "./keyStore.js";
import { isTransient, ProblemError } from "./problem.js";
import { WizardSession, type AutosaveOptions } from "./session.js";
import { backoffMs, sleep } from "./timing.js";
import { Transport, type TokenSource } from "./transport.js";
import type {
  CopilotReply, Event, EventPage, InteractionPage, InteractionRequest, InteractionRow, Payload, PublicEvent, PublishCheck,
  SessionRow, SessionStatus, SessionSummary, Stage, StageName, WizardAnalytics, WizardStage,
} from "./types.js";

export interface ClientOptions {
  /** The API's base address, ending in /api: `https://api.example.com/api`, `http://127.0.0.1:7071/api`. */
  baseUrl: string;
  /** The caller's bearer token (a JWT), or a function returning the current one. */
  token?: TokenSource;
  /** Where publish keys wait for their outcome (default: localStorage, else memory). */
  keyStore?: KeyStore;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

export interface ListOptions {
  status?: SessionStatus;
  limit?: number;
  /** The previous page's `next`. */
  cursor?: string | null;
  signal?: AbortSignal;
}

export interface SummaryPage {
  items: SessionSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next: string | null;
}

export interface PublishOptions {
  /** Attempts in all, the first included (default 6). */
  maxAttempts?: number;
  /** The first wait between attempts when the server names none (default 500 ms; doubles each time). */
  retryDelayMs?: number;
  /** The longest wait between two attempts, Retry-After included (default 15 s). */
  maxRetryDelayMs?: number;
  signal?: AbortSignal;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (attempt: number, error: Error, delayMs: number) => void;
}

export interface PublishResult {
  event: Event;
  /** True when the server answered with an earlier publish's event (`Idempotent-Replayed`). */
  replayed: boolean;
  /** The idempotency key every attempt of this publish sent. */
  key: string;
  attempts: number;
}

/** One turn of the user <-> AI conversation, for the transcript. */
export interface Turn {
  role: InteractionRequest["role"];
  text?: string;
  stage?: Stage;
  tokensUsed?: number;
  model?: string;
  latencyMs?: number;
}

export interface TailOptions {
  /** Start after this interaction id (default: from the beginning). */
  after?: string;
  /** How long to wait before asking again once the transcript is read to its end (default 2 s). */
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * A publish whose outcome is unknown after every attempt: the key stays stored, so the next publish of the session
 * (after a reload too) sends it again and gets the event if one was made.
 */
export class PublishOutcomeUnknownError extends Error {
  override readonly name = "PublishOutcomeUnknownError";

  constructor(readonly key: string, readonly attempts: number, options: { cause: unknown }) {
    super(`Publishing did not get an answer after ${attempts} attempts; it is retried with the same key next time.`, options);
  }
}

const PUBLISH_KEY_PREFIX = "event-wizard:publish-key:";

/** The Event Wizard API, typed from its OpenAPI document. */
export class EventWizardClient {
  readonly transport: Transport;
  private readonly keyStore: KeyStore;
  private readonly publishing = new Map<string, Promise<PublishResult>>();
  private stageCache: { etag: string; stages: WizardStage[] } | undefined;

  constructor(options: ClientOptions) {
    this.transport = new Transport(options.baseUrl, options.token, options.fetch ?? globalThis.fetch.bind(globalThis));
    this.keyStore = options.keyStore ?? defaultKeyStore();
  }

  /**
   * Opens a session for editing: a new one without an id; the open session with that id (resume), or a new session
   * with it when the organization has none. A closed one throws `session_closed`.
   */
  async createOrResume(sessionId?: string, options?: AutosaveOptions & { signal?: AbortSignal }): Promise<WizardSession> {
    const response = await this.transport.send<SessionRow>("POST", "/wizard-session",
      { body: sessionId === undefined ? {} : { sessionId }, signal: options?.signal });
    return this.open(response.body, options);
  }

  /** A handle for editing a session already read (from `get`, or a list with payloads). */
  open(row: SessionRow, options?: AutosaveOptions): WizardSession {
    return new WizardSession(this, row, options);
  }

  async get(sessionId: string, options?: { signal?: AbortSignal }): Promise<SessionRow> {
    return (await this.transport.send<SessionRow>("GET", sessionPath(sessionId), { signal: options?.signal })).body;
  }

  /** The session when its version is no longer `version`, else null (a conditional GET: 304 costs no body). */
  async getIfChanged(sessionId: string, version: number, options?: { signal?: AbortSignal }): Promise<SessionRow | null> {
    const response = await this.transport.send<SessionRow>("GET", sessionPath(sessionId),
      { headers: { "If-None-Match": `"${version}"` }, signal: options?.signal });
    return response.status === 304 ? null : response.body;
  }

  /** One page of the caller's own sessions, newest change first (default: in progress, 20 a page). */
  async listMine(options: ListOptions = {}): Promise<SummaryPage> {
    const response = await this.transport.send<SummaryPage>("GET", "/wizard-session", {
      query: { mine: true, status: options.status, limit: options.limit, cursor: options.cursor ?? undefined },
      signal: options.signal,
    });
    return response.body;
  }

  /** Every page of the caller's own sessions, one after the other. */
  async *listMinePages(options: Omit<ListOptions, "cursor"> = {}): AsyncGenerator<SummaryPage> {
    let cursor: string | null = null;
    do {
      const page: SummaryPage = await this.listMine({ ...options, cursor });
      yield page;
      cursor = page.next;
    } while (cursor !== null);
  }

  /** Marks an open session abandoned; with `version`, only if it is still that version (412 otherwise). */
  async abandon(sessionId: string, options?: { version?: number; signal?: AbortSignal }): Promise<SessionRow> {
    const headers: Record<string, string> = options?.version === undefined ? {} : { "If-Match": `"${options.version}"` };
    return (await this.transport.send<SessionRow>("DELETE", sessionPath(sessionId), { headers, signal: options?.signal })).body;
  }

  /**
   * One autosave request: `data` for `stage`, and/or a move to `currentStage`, conditional on `version`. Most callers
   * want `WizardSession.autosave`, which debounces, coalesces and keeps one request in flight.
   */
  async patch(sessionId: string, change: { stage?: StageName; data?: Payload; currentStage?: StageName }, version: number,
    options?: { keepalive?: boolean; signal?: AbortSignal }): Promise<SessionRow> {
    const response = await this.transport.send<SessionRow>("PATCH", sessionPath(sessionId), {
      body: change, headers: { "If-Match": `"${version}"` }, keepalive: options?.keepalive ?? false, signal: options?.signal,
    });
    return response.body;
  }

  /** What publish would say now, without publishing. */
  async publishCheck(sessionId: string, options?: { signal?: AbortSignal }): Promise<PublishCheck> {
    return (await this.transport.send<PublishCheck>("GET", `${sessionPath(sessionId)}/publish-check`, { signal: options?.signal })).body;
  }

  /**
   * Publishes the session, exactly once however often it is called, from however many tabs. One idempotency key per
   * publish intent is stored (key store) before the first attempt and removed once the outcome is known (an event,
   * or a refusal); network errors, 5xx and `request_in_progress` are retried with that key, waiting Retry-After or a
   * growing delay, up to `maxAttempts`. Calls for a session already publishing share its promise.
   */
  publish(sessionId: string, options: PublishOptions = {}): Promise<PublishResult> {
    const running = this.publishing.get(sessionId);
    if (running) {
      return running;
    }
    const publishing = this.publishWithRetries(sessionId, options).finally(() => this.publishing.delete(sessionId));
    this.publishing.set(sessionId, publishing);
    return publishing;
  }

  /** The key a publish of the session is waiting on (stored, outcome unknown), or null. */
  pendingPublishKey(sessionId: string): string | null {
    return this.keyStore.getItem(PUBLISH_KEY_PREFIX + sessionId);
  }

  async logTurn(sessionId: string, turn: Turn, options?: { signal?: AbortSignal }): Promise<InteractionRow> {
    return this.addInteraction(sessionId, turn, options?.signal);
  }

  /** A CSAT rating from 1 to 5 (with an optional comment), stored as an interaction of the transcript. */
  async rate(sessionId: string, csat: 1 | 2 | 3 | 4 | 5, options?: { text?: string; stage?: Stage; signal?: AbortSignal }): Promise<InteractionRow> {
    return this.addInteraction(sessionId, { role: "user", csat, text: options?.text, stage: options?.stage }, options?.signal);
  }

  /** Asks the server-side copilot about the session (streamed with `onDelta`); both turns are recorded by the server. */
  ask(sessionId: string, message: string, options?: AskOptions): Promise<CopilotReply> {
    return ask(this.transport, sessionPath(sessionId), message, options);
  }

  /** One page of the transcript, oldest first, after the interaction `after`. */
  async transcript(sessionId: string, options?: { after?: string; limit?: number; signal?: AbortSignal }): Promise<InteractionPage> {
    const response = await this.transport.send<InteractionPage>("GET", `${sessionPath(sessionId)}/interactions`,
      { query: { after: options?.after, limit: options?.limit }, signal: options?.signal });
    return response.body;
  }

  /**
   * The transcript as it grows: every interaction once, oldest first, then each new one as it is written (polling
   * every `pollMs` once read to the end). Ends when `signal` aborts; rides out network errors and 5xx.
   */
  async *tailTranscript(sessionId: string, options: TailOptions = {}): AsyncGenerator<InteractionRow> {
    let after = options.after;
    let failures = 0;
    while (!options.signal?.aborted) {
      let page: InteractionPage;
      try {
        page = await this.transcript(sessionId, { after, limit: 500, signal: options.signal });
        failures = 0;
      } catch (error) {
        if (options.signal?.aborted) {
          return;
        }
        if (!isTransient(error)) {
          throw error;
        }
        await sleep(backoffMs(++failures, 500, 30_000), options.signal).catch(() => undefined);
        continue;
      }
      for (const item of page.items) {
        yield item;
      }
      after = page.items.at(-1)?.id ?? after;
      if (page.next === null) {
        await sleep(options.pollMs ?? 2000, options.signal).catch(() => undefined);
      }
    }
  }

  /** The stages in wizard order with their JSON Schemas and rules (asked once, then revalidated with its ETag). */
  async stages(options?: { signal?: AbortSignal }): Promise<WizardStage[]> {
    const headers: Record<string, string> = this.stageCache ? { "If-None-Match": this.stageCache.etag } : {};
    const response = await this.transport.send<{ stages: WizardStage[] }>("GET", "/wizard-stages",
      { headers, anonymous: true, signal: options?.signal });
    if (response.status !== 304 || !this.stageCache) {
      this.stageCache = { etag: response.headers.get("ETag") ?? "", stages: response.body.stages };
    }
    return this.stageCache.stages;
  }

  async listEvents(options?: { status?: "draft" | "published" | "cancelled"; limit?: number; cursor?: string | null; signal?: AbortSignal }): Promise<EventPage> {
    const response = await this.transport.send<EventPage>("GET", "/events", {
      query: { status: options?.status, limit: options?.limit, cursor: options?.cursor ?? undefined }, signal: options?.signal,
    });
    return response.body;
  }

  async getEvent(id: string, options?: { signal?: AbortSignal }): Promise<Event> {
    return (await this.transport.send<Event>("GET", `/events/${encodeURIComponent(id)}`, { signal: options?.signal })).body;
  }

  /** The organizers' dashboard for days `from` to `to` (YYYY-MM-DD, UTC, both included; default the last 30 days). */
  async analytics(options?: { from?: string; to?: string; signal?: AbortSignal }): Promise<WizardAnalytics> {
    return (await this.transport.send<WizardAnalytics>("GET", "/wizard-analytics",
      { query: { from: options?.from, to: options?.to }, signal: options?.signal })).body;
  }

  /** A published event as anyone sees it (no token sent). */
  async publicEvent(slug: string, options?: { signal?: AbortSignal }): Promise<PublicEvent> {
    return (await this.transport.send<PublicEvent>("GET", `/public/events/${encodeURIComponent(slug)}`,
      { anonymous: true, signal: options?.signal })).body;
  }

  private async addInteraction(sessionId: string, body: InteractionRequest, signal: AbortSignal | undefined): Promise<InteractionRow> {
    const defined = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    return (await this.transport.send<InteractionRow>("POST", `${sessionPath(sessionId)}/interactions`, { body: defined, signal })).body;
  }

  private async publishWithRetries(sessionId: string, options: PublishOptions): Promise<PublishResult> {
    const storeKey = PUBLISH_KEY_PREFIX + sessionId;
    let key = this.keyStore.getItem(storeKey);
    if (key === null) {
      key = `publish-${crypto.randomUUID()}`;
      this.keyStore.setItem(storeKey, key);
    }
    const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.transport.send<Event>("POST", "/publish-event",
          { body: { sessionId }, headers: { "Idempotency-Key": key }, signal: options.signal });
        this.keyStore.removeItem(storeKey);
        return { event: response.body, replayed: response.headers.get("Idempotent-Replayed") === "true", key, attempts: attempt };
      } catch (error) {
        if (options.signal?.aborted) {
          throw error;
        }
        if (!isTransient(error)) {
          // A refusal is an outcome: the key is done with (the server never used it up; a new intent gets a new one).
          this.keyStore.removeItem(storeKey);
          throw error;
        }
        if (attempt >= maxAttempts) {
          throw new PublishOutcomeUnknownError(key, attempt, { cause: error });
        }
        const wait = Math.min(options.maxRetryDelayMs ?? 15_000,
          (error instanceof ProblemError ? error.retryAfterMs : undefined) ?? backoffMs(attempt, options.retryDelayMs ?? 500, 15_000));
        options.onRetry?.(attempt, error as Error, wait);
        await sleep(wait, options.signal);
      }
    }
  }
}

function sessionPath(sessionId: string): string {
  return `/wizard-session/${encodeURIComponent(sessionId)}`;
}
