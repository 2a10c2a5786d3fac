import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EventWizardClient, memoryKeyStore, type ClientOptions, type KeyStore, type Payload } from "../src/index.js";

/** A new organization: a token of a user of it, and of a colleague in it. */
export interface Tenant {
  organizationId: string;
  token: string;
  colleagueToken: string;
}

const hostVariable = "EVENT_WIZARD_API";
const authVariable = "EVENT_WIZARD_AUTH";

/** The API under test (…/api): the shared test host that `dotnet test` started (tests/ClientPackage). */
export function apiBase(): string {
  return required(hostVariable);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: these tests run against the DevHost that dotnet test starts. ` +
      `Run them with 'dotnet test --filter FullyQualifiedName~TypeScriptClientTests' from the repository root.`);
  }
  return value;
}

/** How the test host checks tokens (HS256): the .NET side hands its test settings over. */
interface TokenSettings {
  signingKey: string;
  issuer: string;
  audience: string;
}

/** A real token for a user of an organization, signed as the test host expects. */
function tokenFor(organizationId: string, userId: string): string {
  const settings = JSON.parse(required(authVariable)) as TokenSettings;
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({
    sub: userId, org_id: organizationId, iss: settings.issuer, aud: settings.audience, iat: now, nbf: now, exp: now + 1800,
  })}`;
  return `${unsigned}.${createHmac("sha256", settings.signingKey).update(unsigned).digest("base64url")}`;
}

/** A tenant of its own for each test (so counting a tenant's events counts only the test's). */
export function newTenant(): Tenant {
  const organizationId = randomUUID();
  return { organizationId, token: tokenFor(organizationId, randomUUID()), colleagueToken: tokenFor(organizationId, randomUUID()) };
}

export function clientFor(token: string, options: Partial<ClientOptions> & { keyStore?: KeyStore } = {}): EventWizardClient {
  return new EventWizardClient({ baseUrl: apiBase(), token, keyStore: memoryKeyStore(), ...options });
}

/** Payloads that complete each data stage; the event is a month from now. */
export function completePayloads(): Record<"organizerSetup" | "eventSetup" | "ticketSetup" | "venueSetup" | "paymentSetup", Payload> {
  const inAMonth = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return {
    organizerSetup: { name: "Ann Lee", email: "ann@example.com" },
    eventSetup: { title: "Spring show", type: "popup", date: inAMonth, startTime: "18:00", timezone: "UTC" },
    ticketSetup: { tiers: [{ name: "General admission", price: 0, quantity: 50 }], totalCapacity: 50 },
    venueSetup: { mode: "virtual", url: "https://meet.example.com/spring-show" },
    paymentSetup: { enabled: false },
  };
}

/** A request the proxy saw. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** What the proxy did with it. */
  fault: Fault["action"] | "forwarded";
}

/** A fault for the next `times` requests that `matches` selects. */
export interface Fault {
  matches: (request: { method: string; path: string }) => boolean;
  times: number;
  /**
   * `drop-response`: the request reaches the server, which does the work, and the connection is then cut before the
   * answer is sent. `delay`: forwarded after `delayMs`. An answer: sent instead of forwarding (the server never sees it).
   */
  action: "drop-response" | { delayMs: number } | { status: number; headers?: Record<string, string>; body?: unknown };
}

/** A proxy on loopback between the client and the API that injects faults and records what passed. */
export class FaultProxy {
  readonly seen: SeenRequest[] = [];
  private readonly faults: Fault[] = [];
  /** The most requests that were between the proxy and the API at once, per method. */
  readonly maxConcurrent = new Map<string, number>();
  private readonly concurrent = new Map<string, number>();

  private constructor(private readonly server: Server, private readonly target: URL) {}

  static async start(): Promise<FaultProxy> {
    const target = new URL(apiBase());
    let proxy: FaultProxy | undefined;
    const server = createServer((request, response) => void proxy!.handle(request, response));
    proxy = new FaultProxy(server, target);
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** The proxied API's base address (…/api). */
  get apiBase(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.target.pathname}`;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  requests(method: string, pathPart: string): SeenRequest[] {
    return this.seen.filter(request => request.method === method && request.path.includes(pathPart));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? "GET";
    const path = request.url ?? "/";
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const fault = this.faults.find(candidate => candidate.times > 0 && candidate.matches({ method, path }));
    if (fault) {
      fault.times--;
    }
    this.seen.push({ method, path, headers: request.headers, body, fault: fault?.action ?? "forwarded" });
    this.concurrent.set(method, (this.concurrent.get(method) ?? 0) + 1);
    this.maxConcurrent.set(method, Math.max(this.maxConcurrent.get(method) ?? 0, this.concurrent.get(method)!));
    try {
      await this.answer(request, response, method, path, body, fault?.action);
    } finally {
      this.concurrent.set(method, this.concurrent.get(method)! - 1);
    }
  }

  private async answer(request: IncomingMessage, response: ServerResponse, method: string, path: string, body: string,
    action: Fault["action"] | undefined): Promise<void> {
    if (action !== undefined && action !== "drop-response" && "status" in action) {
      response.writeHead(action.status, { "Content-Type": "application/problem+json", ...action.headers });
      response.end(action.body === undefined ? "" : JSON.stringify(action.body));
      return;
    }
    if (action !== undefined && action !== "drop-response") {
      await new Promise(resolve => setTimeout(resolve, action.delayMs));
    }
    const upstream = await fetch(new URL(path, this.target.origin), {
      method,
      headers: Object.entries(request.headers)
        .filter(([name]) => !["host", "connection", "content-length", "keep-alive"].includes(name))
        .map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(", ") : value ?? ""]),
      body: body === "" ? undefined : body,
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (action === "drop-response") {
      request.socket.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!["content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"].includes(name)) {
        headers[name] = value;
      }
    });
    response.writeHead(upstream.status, headers);
    response.end(answer);
  }
}

/** A 503 as the API sends it (database_unavailable, Retry-After). */
export function serviceUnavailable(retryAfterSeconds: number): Fault["action"] {
  return {
    status: 503,
    headers: { "Retry-After": String(retryAfterSeconds) },
    body: {
      type: "https://event-wizard.dev/problems/database-unavailable", title: "Database unavailable", status: 503,
      detail: "The database did not answer in time.", code: "database_unavailable", traceId: "injected-by-the-test-proxy",
    },
  };
}

export const isPublish = (request: { method: string; path: string }) => request.method === "POST" && request.path.endsWith("/publish-event");
export const isPatch = (request: { method: string; path: string }) => request.method === "PATCH";

/** Waits until `condition` holds, polling; fails after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "the condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
