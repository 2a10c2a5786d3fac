import { NetworkError, ProblemError } from "./problem.js";
import type { ProblemBody } from "./types.js";

/** A bearer token, or a function that returns the current one (called before every request, so it may refresh). */
export type TokenSource = string | (() => string | Promise<string>);

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Let the request outlive the page (fetch's keepalive), for the flush when the page is hidden. */
  keepalive?: boolean;
  /** Send no Authorization header (the anonymous routes). */
  anonymous?: boolean;
}

/** An answer with a 2xx or 304 status. */
export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Browsers cap keepalive bodies at 64 KiB for all of a page's pending keepalive requests together. */
const KEEPALIVE_BODY_LIMIT = 60 * 1024;

/** Sends requests to the API under `baseUrl` and turns every non-2xx answer into a ProblemError. */
export class Transport {
  private readonly baseUrl: string;

  constructor(baseUrl: string, private readonly token: TokenSource | undefined, private readonly fetcher: typeof fetch) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  async send<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const response = await this.fetch(method, path, options);
    const text = await this.read(method, path, response, options);
    const parsed = parseJson(text, response.headers.get("Content-Type"));
    if (response.ok || response.status === 304) {
      if (parsed === invalid) {
        throw new NetworkError(`${method} ${path} answered ${response.status} with a body that is not JSON.`);
      }
      return { status: response.status, headers: response.headers, body: parsed as T };
    }
    throw problemOf(response, parsed);
  }

  /**
   * Sends the request and hands back a 2xx response unread, for a body to read as it arrives (server-sent events);
   * any other answer throws as `send` does.
   */
  async open(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const response = await this.fetch(method, path, options);
    if (response.ok) {
      return response;
    }
    const text = await this.read(method, path, response, options);
    throw problemOf(response, parseJson(text, response.headers.get("Content-Type")));
  }

  private async fetch(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers = new Headers({ Accept: "application/json, application/problem+json", ...options.headers });
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) {
      headers.set("Content-Type", "application/json");
    }
    if (!options.anonymous && this.token !== undefined) {
      headers.set("Authorization", `Bearer ${typeof this.token === "string" ? this.token : await this.token()}`);
    }
    const init: RequestInit = { method, headers, body, signal: options.signal ?? null };
    if (options.keepalive && (body?.length ?? 0) <= KEEPALIVE_BODY_LIMIT) {
      init.keepalive = true;
    }
    try {
      return await this.fetcher(this.baseUrl + path + queryString(options.query), init);
    } catch (error) {
      throw noAnswer(method, path, error, options.signal);
    }
  }

  private async read(method: string, path: string, response: Response, options: RequestOptions): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw noAnswer(method, path, error, options.signal);
    }
  }
}

function noAnswer(method: string, path: string, error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) {
    return signal.reason;
  }
  return new NetworkError(`${method} ${path} got no answer: ${(error as Error).message}`, { cause: error });
}

function problemOf(response: Response, parsed: unknown): ProblemError {
  return new ProblemError(response.status, parsed !== invalid && isProblem(parsed) ? parsed : undefined, response.headers);
}

const invalid = Symbol("invalid JSON");

function parseJson(text: string, contentType: string | null): unknown {
  if (text === "") {
    return undefined;
  }
  if (!contentType || !/json/i.test(contentType)) {
    return invalid;
  }
  try {
    return JSON.parse(text);
  } catch {
    return invalid;
  }
}

function isProblem(value: unknown): value is ProblemBody {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string";
}

function queryString(query: RequestOptions["query"]): string {
  const entries = Object.entries(query ?? {}).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  return entries.length === 0 ? "" : "?" + new URLSearchParams(entries.map(([name, value]) => [name, String(value)])).toString();
}
