/**
 * An answer of the API that is an error: the problem document's fields, typed. `code` is one the OpenAPI document
 * lists, or `unexpected_response` for an answer that is not a problem document (a proxy's error page).
 */
export class ProblemError extends Error {
    name = "ProblemError";
    status;
    code;
    title;
    detail;
    /** What was wrong, per field (every 422 and 400 `validation_failed`); empty otherwise. */
    issues;
    /** The request's id (`X-Request-Id`), as the server logged it. */
    traceId;
    /** With `version_mismatch`: the session as it is now. */
    current;
    /** With `request_in_progress` and 503s: how long the server asks to wait, in milliseconds. */
    retryAfterMs;
    /** The problem document as received. */
    body;
    constructor(status, body, headers) {
        const detail = body?.detail ?? `The server answered ${status}.`;
        super(detail);
        this.status = status;
        this.body = body;
        this.code = body?.code ?? "unexpected_response";
        this.title = body?.title ?? `HTTP ${status}`;
        this.detail = detail;
        this.issues = body?.issues ?? [];
        this.traceId = body?.traceId ?? headers?.get("X-Request-Id") ?? undefined;
        this.current = body?.current;
        this.retryAfterMs = retryAfterMs(headers);
    }
    /** Whether the same request may succeed later unchanged: 408, 429, `request_in_progress` and every 5xx. */
    get transient() {
        return this.status >= 500 || this.status === 408 || this.status === 429 || this.code === "request_in_progress";
    }
}
/** The request did not get an answer: the network failed, the connection was cut, or the answer was unreadable. */
export class NetworkError extends Error {
    name = "NetworkError";
    constructor(message, options) {
        super(message, options);
    }
}
/** Whether retrying the same request may help: no answer at all, or a transient problem. */
export function isTransient(error) {
    return error instanceof NetworkError || (error instanceof ProblemError && error.transient);
}
/** Retry-After (seconds or an HTTP date) in milliseconds, or undefined. */
export function retryAfterMs(headers) {
    const value = headers?.get("Retry-After")?.trim();
    if (!value) {
        return undefined;
    }
    if (/^\d+$/.test(value)) {
        return Number(value) * 1000;
    }
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
