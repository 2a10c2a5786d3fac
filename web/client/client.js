import { ask } from "./ask.js";
import { defaultKeyStore } from "./keyStore.js";
import { isTransient, ProblemError } from "./problem.js";
import { WizardSession } from "./session.js";
import { backoffMs, sleep } from "./timing.js";
import { Transport } from "./transport.js";
/**
 * A publish whose outcome is unknown after every attempt: the key stays stored, so the next publish of the session
 * (after a reload too) sends it again and gets the event if one was made.
 */
export class PublishOutcomeUnknownError extends Error {
    key;
    attempts;
    name = "PublishOutcomeUnknownError";
    constructor(key, attempts, options) {
        super(`Publishing did not get an answer after ${attempts} attempts; it is retried with the same key next time.`, options);
        this.key = key;
        this.attempts = attempts;
    }
}
const PUBLISH_KEY_PREFIX = "event-wizard:publish-key:";
/** The Event Wizard API, typed from its OpenAPI document. */
export class EventWizardClient {
    transport;
    keyStore;
    publishing = new Map();
    stageCache;
    constructor(options) {
        this.transport = new Transport(options.baseUrl, options.token, options.fetch ?? globalThis.fetch.bind(globalThis));
        this.keyStore = options.keyStore ?? defaultKeyStore();
    }
    /**
     * Opens a session for editing: a new one without an id; the open session with that id (resume), or a new session
     * with it when the organization has none. A closed one throws `session_closed`.
     */
    async createOrResume(sessionId, options) {
        const response = await this.transport.send("POST", "/wizard-session", { body: sessionId === undefined ? {} : { sessionId }, signal: options?.signal });
        return this.open(response.body, options);
    }
    /** A handle for editing a session already read (from `get`, or a list with payloads). */
    open(row, options) {
        return new WizardSession(this, row, options);
    }
    async get(sessionId, options) {
        return (await this.transport.send("GET", sessionPath(sessionId), { signal: options?.signal })).body;
    }
    /** The session when its version is no longer `version`, else null (a conditional GET: 304 costs no body). */
    async getIfChanged(sessionId, version, options) {
        const response = await this.transport.send("GET", sessionPath(sessionId), { headers: { "If-None-Match": `"${version}"` }, signal: options?.signal });
        return response.status === 304 ? null : response.body;
    }
    /** One page of the caller's own sessions, newest change first (default: in progress, 20 a page). */
    async listMine(options = {}) {
        const response = await this.transport.send("GET", "/wizard-session", {
            query: { mine: true, status: options.status, limit: options.limit, cursor: options.cursor ?? undefined },
            signal: options.signal,
        });
        return response.body;
    }
    /** Every page of the caller's own sessions, one after the other. */
    async *listMinePages(options = {}) {
        let cursor = null;
        do {
            const page = await this.listMine({ ...options, cursor });
            yield page;
            cursor = page.next;
        } while (cursor !== null);
    }
    /** Marks an open session abandoned; with `version`, only if it is still that version (412 otherwise). */
    async abandon(sessionId, options) {
        const headers = options?.version === undefined ? {} : { "If-Match": `"${options.version}"` };
        return (await this.transport.send("DELETE", sessionPath(sessionId), { headers, signal: options?.signal })).body;
    }
    /**
     * One autosave request: `data` for `stage`, and/or a move to `currentStage`, conditional on `version`. Most callers
     * want `WizardSession.autosave`, which debounces, coalesces and keeps one request in flight.
     */
    async patch(sessionId, change, version, options) {
        const response = await this.transport.send("PATCH", sessionPath(sessionId), {
            body: change, headers: { "If-Match": `"${version}"` }, keepalive: options?.keepalive ?? false, signal: options?.signal,
        });
        return response.body;
    }
    /** What publish would say now, without publishing. */
    async publishCheck(sessionId, options) {
        return (await this.transport.send("GET", `${sessionPath(sessionId)}/publish-check`, { signal: options?.signal })).body;
    }
    /**
     * Publishes the session, exactly once however often it is called, from however many tabs. One idempotency key per
     * publish intent is stored (key store) before the first attempt and removed once the outcome is known (an event,
     * or a refusal); network errors, 5xx and `request_in_progress` are retried with that key, waiting Retry-After or a
     * growing delay, up to `maxAttempts`. Calls for a session already publishing share its promise.
     */
    publish(sessionId, options = {}) {
        const running = this.publishing.get(sessionId);
        if (running) {
            return running;
        }
        const publishing = this.publishWithRetries(sessionId, options).finally(() => this.publishing.delete(sessionId));
        this.publishing.set(sessionId, publishing);
        return publishing;
    }
    /** The key a publish of the session is waiting on (stored, outcome unknown), or null. */
    pendingPublishKey(sessionId) {
        return this.keyStore.getItem(PUBLISH_KEY_PREFIX + sessionId);
    }
    async logTurn(sessionId, turn, options) {
        return this.addInteraction(sessionId, turn, options?.signal);
    }
    /** A CSAT rating from 1 to 5 (with an optional comment), stored as an interaction of the transcript. */
    async rate(sessionId, csat, options) {
        return this.addInteraction(sessionId, { role: "user", csat, text: options?.text, stage: options?.stage }, options?.signal);
    }
    /** Asks the server-side copilot about the session (streamed with `onDelta`); both turns are recorded by the server. */
    ask(sessionId, message, options) {
        return ask(this.transport, sessionPath(sessionId), message, options);
    }
    /** One page of the transcript, oldest first, after the interaction `after`. */
    async transcript(sessionId, options) {
        const response = await this.transport.send("GET", `${sessionPath(sessionId)}/interactions`, { query: { after: options?.after, limit: options?.limit }, signal: options?.signal });
        return response.body;
    }
    /**
     * The transcript as it grows: every interaction once, oldest first, then each new one as it is written (polling
     * every `pollMs` once read to the end). Ends when `signal` aborts; rides out network errors and 5xx.
     */
    async *tailTranscript(sessionId, options = {}) {
        let after = options.after;
        let failures = 0;
        while (!options.signal?.aborted) {
            let page;
            try {
                page = await this.transcript(sessionId, { after, limit: 500, signal: options.signal });
                failures = 0;
            }
            catch (error) {
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
    async stages(options) {
        const headers = this.stageCache ? { "If-None-Match": this.stageCache.etag } : {};
        const response = await this.transport.send("GET", "/wizard-stages", { headers, anonymous: true, signal: options?.signal });
        if (response.status !== 304 || !this.stageCache) {
            this.stageCache = { etag: response.headers.get("ETag") ?? "", stages: response.body.stages };
        }
        return this.stageCache.stages;
    }
    async listEvents(options) {
        const response = await this.transport.send("GET", "/events", {
            query: { status: options?.status, limit: options?.limit, cursor: options?.cursor ?? undefined }, signal: options?.signal,
        });
        return response.body;
    }
    async getEvent(id, options) {
        return (await this.transport.send("GET", `/events/${encodeURIComponent(id)}`, { signal: options?.signal })).body;
    }
    /** The organizers' dashboard for days `from` to `to` (YYYY-MM-DD, UTC, both included; default the last 30 days). */
    async analytics(options) {
        return (await this.transport.send("GET", "/wizard-analytics", { query: { from: options?.from, to: options?.to }, signal: options?.signal })).body;
    }
    /** A published event as anyone sees it (no token sent). */
    async publicEvent(slug, options) {
        return (await this.transport.send("GET", `/public/events/${encodeURIComponent(slug)}`, { anonymous: true, signal: options?.signal })).body;
    }
    async addInteraction(sessionId, body, signal) {
        const defined = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
        return (await this.transport.send("POST", `${sessionPath(sessionId)}/interactions`, { body: defined, signal })).body;
    }
    async publishWithRetries(sessionId, options) {
        const storeKey = PUBLISH_KEY_PREFIX + sessionId;
        let key = this.keyStore.getItem(storeKey);
        if (key === null) {
            key = `publish-${crypto.randomUUID()}`;
            this.keyStore.setItem(storeKey, key);
        }
        const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
        for (let attempt = 1;; attempt++) {
            try {
                const response = await this.transport.send("POST", "/publish-event", { body: { sessionId }, headers: { "Idempotency-Key": key }, signal: options.signal });
                this.keyStore.removeItem(storeKey);
                return { event: response.body, replayed: response.headers.get("Idempotent-Replayed") === "true", key, attempts: attempt };
            }
            catch (error) {
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
                const wait = Math.min(options.maxRetryDelayMs ?? 15_000, (error instanceof ProblemError ? error.retryAfterMs : undefined) ?? backoffMs(attempt, options.retryDelayMs ?? 500, 15_000));
                options.onRetry?.(attempt, error, wait);
                await sleep(wait, options.signal);
            }
        }
    }
}
function sessionPath(sessionId) {
    return `/wizard-session/${encodeURIComponent(sessionId)}`;
}
