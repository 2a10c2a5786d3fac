import { NetworkError, ProblemError } from "./problem.js";
/** Browsers cap keepalive bodies at 64 KiB for all of a page's pending keepalive requests together. */
const KEEPALIVE_BODY_LIMIT = 60 * 1024;
/** Sends requests to the API under `baseUrl` and turns every non-2xx answer into a ProblemError. */
export class Transport {
    token;
    fetcher;
    baseUrl;
    constructor(baseUrl, token, fetcher) {
        this.token = token;
        this.fetcher = fetcher;
        this.baseUrl = baseUrl.replace(/\/+$/, "");
    }
    async send(method, path, options = {}) {
        const response = await this.fetch(method, path, options);
        const text = await this.read(method, path, response, options);
        const parsed = parseJson(text, response.headers.get("Content-Type"));
        if (response.ok || response.status === 304) {
            if (parsed === invalid) {
                throw new NetworkError(`${method} ${path} answered ${response.status} with a body that is not JSON.`);
            }
            return { status: response.status, headers: response.headers, body: parsed };
        }
        throw problemOf(response, parsed);
    }
    /**
     * Sends the request and hands back a 2xx response unread, for a body to read as it arrives (server-sent events);
     * any other answer throws as `send` does.
     */
    async open(method, path, options = {}) {
        const response = await this.fetch(method, path, options);
        if (response.ok) {
            return response;
        }
        const text = await this.read(method, path, response, options);
        throw problemOf(response, parseJson(text, response.headers.get("Content-Type")));
    }
    async fetch(method, path, options) {
        const headers = new Headers({ Accept: "application/json, application/problem+json", ...options.headers });
        const body = options.body === undefined ? undefined : JSON.stringify(options.body);
        if (body !== undefined) {
            headers.set("Content-Type", "application/json");
        }
        if (!options.anonymous && this.token !== undefined) {
            headers.set("Authorization", `Bearer ${typeof this.token === "string" ? this.token : await this.token()}`);
        }
        const init = { method, headers, body, signal: options.signal ?? null };
        if (options.keepalive && (body?.length ?? 0) <= KEEPALIVE_BODY_LIMIT) {
            init.keepalive = true;
        }
        try {
            return await this.fetcher(this.baseUrl + path + queryString(options.query), init);
        }
        catch (error) {
            throw noAnswer(method, path, error, options.signal);
        }
    }
    async read(method, path, response, options) {
        try {
            return await response.text();
        }
        catch (error) {
            throw noAnswer(method, path, error, options.signal);
        }
    }
}
function noAnswer(method, path, error, signal) {
    if (signal?.aborted) {
        return signal.reason;
    }
    return new NetworkError(`${method} ${path} got no answer: ${error.message}`, { cause: error });
}
function problemOf(response, parsed) {
    return new ProblemError(response.status, parsed !== invalid && isProblem(parsed) ? parsed : undefined, response.headers);
}
const invalid = Symbol("invalid JSON");
function parseJson(text, contentType) {
    if (text === "") {
        return undefined;
    }
    if (!contentType || !/json/i.test(contentType)) {
        return invalid;
    }
    try {
        return JSON.parse(text);
    }
    catch {
        return invalid;
    }
}
function isProblem(value) {
    return typeof value === "object" && value !== null && typeof value.code === "string";
}
function queryString(query) {
    const entries = Object.entries(query ?? {}).filter((entry) => entry[1] !== undefined);
    return entries.length === 0 ? "" : "?" + new URLSearchParams(entries.map(([name, value]) => [name, String(value)])).toString();
}
