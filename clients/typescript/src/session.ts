import type { AskOptions } from "./ask.js";
import type { EventWizardClient, PublishOptions, PublishResult, TailOptions, Turn } from "./client.js";
import { threeWayMerge, deepEqual } from "./merge.js";
import { isTransient, ProblemError } from "./problem.js";
import { dataStageOf, payloadOf, stageOf } from "./stages.js";
import { backoffMs, sleep } from "./timing.js";
import type { CopilotReply, DataStage, InteractionRow, Payload, SessionRow, Stage, StageName } from "./types.js";

/**
 * Where a session's edits are: `saved` (nothing unsent), `pending` (waiting for the debounce), `saving` (a request in
 * flight), `retrying` (no answer or a 5xx: kept and sent again, sooner when the browser is back online), `conflict`
 * (someone else changed the stage: see `conflict`), `error` (the server refused an edit: see `error`), `closed`
 * (published, abandoned or expired: nothing more is sent).
 */
export type SaveState = "saved" | "pending" | "saving" | "retrying" | "conflict" | "error" | "closed";

/** A 412: the stage changed on the server since this page read it, and both sides changed the same fields. */
export interface Conflict {
  stage: DataStage;
  /** The stage's payload as this page last knew it from the server. */
  base: Payload;
  /** This page's unsaved payload (kept up to date while the user keeps typing). */
  mine: Payload;
  /** The stage's payload on the server now. */
  theirs: Payload;
  /** The top-level fields both sides changed to different values. */
  fields: string[];
  /** The whole session as the server has it now (the 412's `current`). */
  current: SessionRow;
  problem: ProblemError;
}

export interface AutosaveOptions {
  /** How long after the last edit a save is sent (default 1000 ms). */
  debounceMs?: number;
  /**
   * Called on a conflict that the field-by-field merge cannot settle; return the payload to save (sent with the new
   * version), or undefined to leave the conflict to the user (`state: "conflict"` until `resolveConflict`).
   */
  merge?: (conflict: Conflict) => Payload | undefined | Promise<Payload | undefined>;
  /** First wait before a failed save is sent again (default 500 ms; doubles, up to `maxRetryDelayMs`, 30 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Send unsaved edits at once when the page is hidden or unloaded (default true in a browser). */
  flushOnPageHide?: boolean;
}

export interface SessionSnapshot {
  row: SessionRow;
  state: SaveState;
  /** Stages with edits the server does not have yet. */
  unsaved: DataStage[];
  error: Error | undefined;
  conflict: Conflict | undefined;
}

/** Thrown by `publish` and `abandon` when edits could not be saved first. */
export class UnsavedChangesError extends Error {
  override readonly name = "UnsavedChangesError";

  constructor(readonly snapshot: SessionSnapshot) {
    super(`The session has unsaved changes (${snapshot.state}: ${snapshot.unsaved.join(", ")}).`, { cause: snapshot.error });
  }
}

interface Move {
  stage: Stage;
  waiters: Array<{ resolve: (row: SessionRow) => void; reject: (error: unknown) => void }>;
}

/**
 * A session being edited. Autosave is debounced and coalesced per stage, every request carries `If-Match`, and at
 * most one PATCH of the session is in flight: edits made meanwhile wait for its answer and go with its version.
 */
export class WizardSession {
  private current: SessionRow;
  private state: SaveState;
  private error: Error | undefined;
  private conflict: Conflict | undefined;
  private readonly pending = new Map<DataStage, Payload>();
  private move: Move | undefined;
  private due = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private failures = 0;
  private keepalive = false;
  private wakeRetry: (() => void) | undefined;
  private disposed = false;
  private cached: SessionSnapshot | undefined;
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();
  private settleWaiters: Array<(snapshot: SessionSnapshot) => void> = [];
  private readonly detach: Array<() => void> = [];

  constructor(private readonly client: EventWizardClient, row: SessionRow, private readonly options: AutosaveOptions = {}) {
    this.current = row;
    this.state = row.status === "in_progress" ? "saved" : "closed";
    this.listenToPage();
  }

  get id(): string {
    return this.current.session_id;
  }

  /** The session as the server last answered with it. */
  get row(): SessionRow {
    return this.current;
  }

  /** The current state; the same object until something changes (fits React's useSyncExternalStore). */
  snapshot(): SessionSnapshot {
    this.cached ??= {
      row: this.current,
      state: this.state,
      unsaved: [...new Set([...this.pending.keys(), ...(this.conflict ? [this.conflict.stage] : [])])],
      error: this.error,
      conflict: this.conflict,
    };
    return this.cached;
  }

  /** Calls `listener` on every change of the snapshot; returns the function that stops it. */
  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Saves `data` as the stage's whole payload, `debounceMs` after the last call (later data for a stage wins). */
  autosave(stage: StageName, data: Payload): void {
    const dataStage = dataStageOf(stage);
    if (this.state === "closed") {
      throw new Error(`Session ${this.id} is ${this.current.status}: it takes no more edits.`);
    }
    const copy = structuredClone(data);
    this.pending.set(dataStage, copy);
    if (this.conflict?.stage === dataStage) {
      this.conflict = { ...this.conflict, mine: copy };
    }
    if (this.state === "saved" || this.state === "error") {
      this.state = "pending";
    }
    this.due = false;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.due = true;
      this.pump();
    }, this.options.debounceMs ?? 1000);
    this.changed();
  }

  /**
   * Sends every unsaved edit now (and retries a failed one now). Resolves once nothing is left to send, or nothing
   * more can be done for now (a conflict, a refusal, no network): the snapshot says which.
   */
  flush(): Promise<SessionSnapshot> {
    clearTimeout(this.timer);
    this.due = true;
    this.wakeRetry?.();
    if (!this.running && !this.canSend()) {
      return Promise.resolve(this.snapshot());
    }
    const settled = new Promise<SessionSnapshot>(resolve => this.settleWaiters.push(resolve));
    this.pump();
    return settled;
  }

  /**
   * Moves the wizard to `stage` once unsaved edits are saved: back always, forward only past complete stages (else
   * a ProblemError `stage_incomplete` with the missing fields in `issues`).
   */
  moveTo(stage: StageName): Promise<SessionRow> {
    const target = stageOf(stage);
    return new Promise<SessionRow>((resolve, reject) => {
      const waiters = this.move?.waiters ?? [];
      waiters.push({ resolve, reject });
      this.move = { stage: target, waiters };
      void this.flush();
    });
  }

  /**
   * Settles a conflict: `mine` saves this page's payload (with the other side's changes to fields only it changed),
   * `theirs` keeps the server's (with this page's changes to fields only it changed), or a payload of your own.
   */
  resolveConflict(choice: "mine" | "theirs" | Payload): void {
    const conflict = this.conflict;
    if (!conflict) {
      return;
    }
    const mine = this.pending.get(conflict.stage) ?? conflict.mine;
    const resolved = typeof choice === "object" ? choice : threeWayMerge(conflict.base, mine, conflict.theirs, choice).merged;
    if (deepEqual(resolved, payloadOf(this.current, conflict.stage))) {
      this.pending.delete(conflict.stage);
    } else {
      this.pending.set(conflict.stage, structuredClone(resolved));
    }
    this.conflict = undefined;
    this.error = undefined;
    this.state = this.hasWork() ? "pending" : "saved";
    this.changed();
    void this.flush();
  }

  /** Reads the session again (a conditional GET) when nothing is unsaved; returns the row. */
  async refresh(): Promise<SessionRow> {
    const row = await this.client.getIfChanged(this.id, this.current.version);
    if (row && row.version > this.current.version && !this.hasWork() && !this.running) {
      this.accept(row);
      this.changed();
    }
    return this.current;
  }

  /** Saves what is unsaved, then publishes (see `EventWizardClient.publish`); the session is then closed. */
  async publish(options?: PublishOptions): Promise<PublishResult> {
    await this.saveAll();
    const result = await this.client.publish(this.id, options);
    this.accept(await this.client.get(this.id).catch(() => this.current));
    this.changed();
    return result;
  }

  /** Saves what is unsaved, then abandons the session (conditional on its version). */
  async abandon(): Promise<SessionRow> {
    await this.saveAll();
    this.accept(await this.client.abandon(this.id, { version: this.current.version }));
    this.changed();
    return this.current;
  }

  /** Asks the server-side copilot; apply a proposal it returns with `autosave(proposal.stage, proposal.data)`. */
  ask(message: string, options?: AskOptions): Promise<CopilotReply> {
    return this.client.ask(this.id, message, options);
  }

  logTurn(turn: Turn): Promise<InteractionRow> {
    return this.client.logTurn(this.id, turn);
  }

  rate(csat: 1 | 2 | 3 | 4 | 5, options?: { text?: string; stage?: Stage }): Promise<InteractionRow> {
    return this.client.rate(this.id, csat, options);
  }

  tailTranscript(options?: TailOptions): AsyncGenerator<InteractionRow> {
    return this.client.tailTranscript(this.id, options);
  }

  /** Stops the timers and page listeners (unsaved edits are not sent: call flush first). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.wakeRetry?.();
    this.detach.splice(0).forEach(stop => stop());
    this.listeners.clear();
  }

  private async saveAll(): Promise<void> {
    const snapshot = await this.flush();
    if (snapshot.unsaved.length > 0 || snapshot.state === "conflict") {
      throw new UnsavedChangesError(snapshot);
    }
  }

  private hasWork(): boolean {
    return this.pending.size > 0 || this.move !== undefined;
  }

  private canSend(): boolean {
    return !this.disposed && this.hasWork() && this.state !== "conflict" && this.state !== "closed";
  }

  private pump(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      if (this.due && this.canSend()) {
        this.pump();
      } else {
        this.settle();
      }
    });
  }

  private async run(): Promise<void> {
    while (this.due && this.canSend()) {
      const [stage, data] = this.pending.entries().next().value ?? [];
      if (stage && data) {
        await this.sendData(stage, data);
      } else if (this.move) {
        await this.sendMove(this.move);
      }
    }
  }

  private async sendData(stage: DataStage, data: Payload): Promise<void> {
    const base = payloadOf(this.current, stage);
    this.setState("saving");
    try {
      const row = await this.client.patch(this.id, { stage, data }, this.current.version, { keepalive: this.takeKeepalive() });
      this.accept(row);
      if (this.pending.get(stage) === data) {
        this.pending.delete(stage);
      }
      this.succeeded();
    } catch (error) {
      if (error instanceof ProblemError && error.code === "version_mismatch" && error.current) {
        this.accept(error.current);
        await this.settleConflict(stage, base, error.current, error);
        if (this.state !== "conflict") {
          // The 412 answered: merged, or found this page's own change already saved (its first answer was lost).
          this.succeeded();
        }
      } else if (!(await this.failed(error))) {
        if (this.pending.get(stage) === data) {
          this.pending.delete(stage);
        }
        this.error = error as Error;
        this.setState("error");
      }
    }
  }

  private async sendMove(move: Move): Promise<void> {
    this.setState("saving");
    try {
      const row = await this.client.patch(this.id, { currentStage: move.stage }, this.current.version, { keepalive: this.takeKeepalive() });
      this.accept(row);
      this.endMove(move, waiter => waiter.resolve(row));
      this.succeeded();
    } catch (error) {
      if (error instanceof ProblemError && error.code === "version_mismatch" && error.current) {
        this.accept(error.current);
        this.setState("pending");
      } else if (!(await this.failed(error))) {
        this.endMove(move, waiter => waiter.reject(error));
        this.setState(this.hasWork() ? "pending" : "saved");
      }
    }
  }

  /** A field-by-field merge when it settles the 412; else the caller's merge hook; else the user decides. */
  private async settleConflict(stage: DataStage, base: Payload, current: SessionRow, problem: ProblemError): Promise<void> {
    const theirs = payloadOf(current, stage);
    const mine = this.pending.get(stage);
    if (mine === undefined) {
      return;
    }
    const { merged, conflicts } = threeWayMerge(base, mine, theirs);
    let resolved: Payload | undefined = conflicts.length === 0 ? merged : undefined;
    const conflict: Conflict = { stage, base, mine, theirs, fields: conflicts, current, problem };
    if (resolved === undefined && this.options.merge) {
      resolved = await this.options.merge(conflict);
    }
    if (resolved === undefined) {
      this.conflict = conflict;
      this.setState("conflict");
    } else if (deepEqual(resolved, theirs)) {
      this.pending.delete(stage);
    } else if (this.pending.get(stage) === mine) {
      this.pending.set(stage, resolved);
    }
  }

  /** Handles a failure every request shares; false when it is a refusal the caller must handle. */
  private async failed(error: unknown): Promise<boolean> {
    if (error instanceof ProblemError && error.code === "session_closed") {
      this.error = error;
      this.endMove(this.move, waiter => waiter.reject(error));
      this.setState("closed");
      return true;
    }
    if (!isTransient(error)) {
      return false;
    }
    this.error = error as Error;
    this.failures++;
    this.setState("retrying");
    this.settle();
    const wait = (error instanceof ProblemError ? error.retryAfterMs : undefined)
      ?? backoffMs(this.failures, this.options.retryDelayMs ?? 500, this.options.maxRetryDelayMs ?? 30_000);
    await sleep(wait, undefined, cut => (this.wakeRetry = cut));
    this.wakeRetry = undefined;
    return true;
  }

  private succeeded(): void {
    this.failures = 0;
    this.error = undefined;
    this.setState(this.hasWork() ? (this.due ? "saving" : "pending") : "saved");
  }

  private endMove(move: Move | undefined, settle: (waiter: Move["waiters"][number]) => void): void {
    if (move && this.move === move) {
      this.move = undefined;
    }
    move?.waiters.forEach(settle);
  }

  private accept(row: SessionRow): void {
    if (row.version >= this.current.version || row.session_id !== this.current.session_id) {
      this.current = row;
    }
    if (row.status !== "in_progress") {
      this.state = "closed";
    }
  }

  private takeKeepalive(): boolean {
    const keepalive = this.keepalive;
    this.keepalive = false;
    return keepalive;
  }

  private setState(state: SaveState): void {
    this.state = this.state === "closed" ? "closed" : state;
    this.changed();
  }

  private changed(): void {
    this.cached = undefined;
    const snapshot = this.snapshot();
    this.listeners.forEach(listener => listener(snapshot));
  }

  private settle(): void {
    const snapshot = this.snapshot();
    this.settleWaiters.splice(0).forEach(resolve => resolve(snapshot));
  }

  /** Flush when the page is hidden (tab switch, close, navigation: keepalive lets the request outlive it); retry when back online. */
  private listenToPage(): void {
    const page = globalThis as { document?: Document; addEventListener?: typeof addEventListener; removeEventListener?: typeof removeEventListener };
    if (page.document && this.options.flushOnPageHide !== false) {
      const document = page.document;
      const leaving = () => {
        if (this.hasWork()) {
          this.keepalive = true;
          void this.flush();
        }
      };
      const hidden = () => document.visibilityState === "hidden" && leaving();
      document.addEventListener("visibilitychange", hidden);
      page.addEventListener?.("pagehide", leaving);
      this.detach.push(() => document.removeEventListener("visibilitychange", hidden), () => page.removeEventListener?.("pagehide", leaving));
    }
    if (page.addEventListener) {
      const online = () => this.wakeRetry?.();
      page.addEventListener("online", online);
      this.detach.push(() => page.removeEventListener?.("online", online));
    }
  }
}
