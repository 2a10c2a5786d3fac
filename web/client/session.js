import { threeWayMerge, deepEqual } from "./merge.js";
import { isTransient, ProblemError } from "./problem.js";
import { dataStageOf, payloadOf, stageOf } from "./stages.js";
import { backoffMs, sleep } from "./timing.js";
/** Thrown by `publish` and `abandon` when edits could not be saved first. */
export class UnsavedChangesError extends Error {
    snapshot;
    name = "UnsavedChangesError";
    constructor(snapshot) {
        super(`The session has unsaved changes (${snapshot.state}: ${snapshot.unsaved.join(", ")}).`, { cause: snapshot.error });
        this.snapshot = snapshot;
    }
}
/**
 * A session being edited. Autosave is debounced and coalesced per stage, every request carries `If-Match`, and at
 * most one PATCH of the session is in flight: edits made meanwhile wait for its answer and go with its version.
 */
export class WizardSession {
    client;
    options;
    current;
    state;
    error;
    conflict;
    pending = new Map();
    move;
    due = false;
    timer;
    running = false;
    failures = 0;
    keepalive = false;
    wakeRetry;
    disposed = false;
    cached;
    listeners = new Set();
    settleWaiters = [];
    detach = [];
    constructor(client, row, options = {}) {
        this.client = client;
        this.options = options;
        this.current = row;
        this.state = row.status === "in_progress" ? "saved" : "closed";
        this.listenToPage();
    }
    get id() {
        return this.current.session_id;
    }
    /** The session as the server last answered with it. */
    get row() {
        return this.current;
    }
    /** The current state; the same object until something changes (fits React's useSyncExternalStore). */
    snapshot() {
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
    subscribe(listener) {
        this.listeners.add(listener);
        return () => void this.listeners.delete(listener);
    }
    /** Saves `data` as the stage's whole payload, `debounceMs` after the last call (later data for a stage wins). */
    autosave(stage, data) {
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
    flush() {
        clearTimeout(this.timer);
        this.due = true;
        this.wakeRetry?.();
        if (!this.running && !this.canSend()) {
            return Promise.resolve(this.snapshot());
        }
        const settled = new Promise(resolve => this.settleWaiters.push(resolve));
        this.pump();
        return settled;
    }
    /**
     * Moves the wizard to `stage` once unsaved edits are saved: back always, forward only past complete stages (else
     * a ProblemError `stage_incomplete` with the missing fields in `issues`).
     */
    moveTo(stage) {
        const target = stageOf(stage);
        return new Promise((resolve, reject) => {
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
    resolveConflict(choice) {
        const conflict = this.conflict;
        if (!conflict) {
            return;
        }
        const mine = this.pending.get(conflict.stage) ?? conflict.mine;
        const resolved = typeof choice === "object" ? choice : threeWayMerge(conflict.base, mine, conflict.theirs, choice).merged;
        if (deepEqual(resolved, payloadOf(this.current, conflict.stage))) {
            this.pending.delete(conflict.stage);
        }
        else {
            this.pending.set(conflict.stage, structuredClone(resolved));
        }
        this.conflict = undefined;
        this.error = undefined;
        this.state = this.hasWork() ? "pending" : "saved";
        this.changed();
        void this.flush();
    }
    /** Reads the session again (a conditional GET) when nothing is unsaved; returns the row. */
    async refresh() {
        const row = await this.client.getIfChanged(this.id, this.current.version);
        if (row && row.version > this.current.version && !this.hasWork() && !this.running) {
            this.accept(row);
            this.changed();
        }
        return this.current;
    }
    /** Saves what is unsaved, then publishes (see `EventWizardClient.publish`); the session is then closed. */
    async publish(options) {
        await this.saveAll();
        const result = await this.client.publish(this.id, options);
        this.accept(await this.client.get(this.id).catch(() => this.current));
        this.changed();
        return result;
    }
    /** Saves what is unsaved, then abandons the session (conditional on its version). */
    async abandon() {
        await this.saveAll();
        this.accept(await this.client.abandon(this.id, { version: this.current.version }));
        this.changed();
        return this.current;
    }
    /** Asks the server-side copilot; apply a proposal it returns with `autosave(proposal.stage, proposal.data)`. */
    ask(message, options) {
        return this.client.ask(this.id, message, options);
    }
    logTurn(turn) {
        return this.client.logTurn(this.id, turn);
    }
    rate(csat, options) {
        return this.client.rate(this.id, csat, options);
    }
    tailTranscript(options) {
        return this.client.tailTranscript(this.id, options);
    }
    /** Stops the timers and page listeners (unsaved edits are not sent: call flush first). */
    dispose() {
        this.disposed = true;
        clearTimeout(this.timer);
        this.wakeRetry?.();
        this.detach.splice(0).forEach(stop => stop());
        this.listeners.clear();
    }
    async saveAll() {
        const snapshot = await this.flush();
        if (snapshot.unsaved.length > 0 || snapshot.state === "conflict") {
            throw new UnsavedChangesError(snapshot);
        }
    }
    hasWork() {
        return this.pending.size > 0 || this.move !== undefined;
    }
    canSend() {
        return !this.disposed && this.hasWork() && this.state !== "conflict" && this.state !== "closed";
    }
    pump() {
        if (this.running) {
            return;
        }
        this.running = true;
        void this.run().finally(() => {
            this.running = false;
            if (this.due && this.canSend()) {
                this.pump();
            }
            else {
                this.settle();
            }
        });
    }
    async run() {
        while (this.due && this.canSend()) {
            const [stage, data] = this.pending.entries().next().value ?? [];
            if (stage && data) {
                await this.sendData(stage, data);
            }
            else if (this.move) {
                await this.sendMove(this.move);
            }
        }
    }
    async sendData(stage, data) {
        const base = payloadOf(this.current, stage);
        this.setState("saving");
        try {
            const row = await this.client.patch(this.id, { stage, data }, this.current.version, { keepalive: this.takeKeepalive() });
            this.accept(row);
            if (this.pending.get(stage) === data) {
                this.pending.delete(stage);
            }
            this.succeeded();
        }
        catch (error) {
            if (error instanceof ProblemError && error.code === "version_mismatch" && error.current) {
                this.accept(error.current);
                await this.settleConflict(stage, base, error.current, error);
                if (this.state !== "conflict") {
                    // The 412 answered: merged, or found this page's own change already saved (its first answer was lost).
                    this.succeeded();
                }
            }
            else if (!(await this.failed(error))) {
                if (this.pending.get(stage) === data) {
                    this.pending.delete(stage);
                }
                this.error = error;
                this.setState("error");
            }
        }
    }
    async sendMove(move) {
        this.setState("saving");
        try {
            const row = await this.client.patch(this.id, { currentStage: move.stage }, this.current.version, { keepalive: this.takeKeepalive() });
            this.accept(row);
            this.endMove(move, waiter => waiter.resolve(row));
            this.succeeded();
        }
        catch (error) {
            if (error instanceof ProblemError && error.code === "version_mismatch" && error.current) {
                this.accept(error.current);
                this.setState("pending");
            }
            else if (!(await this.failed(error))) {
                this.endMove(move, waiter => waiter.reject(error));
                this.setState(this.hasWork() ? "pending" : "saved");
            }
        }
    }
    /** A field-by-field merge when it settles the 412; else the caller's merge hook; else the user decides. */
    async settleConflict(stage, base, current, problem) {
        const theirs = payloadOf(current, stage);
        const mine = this.pending.get(stage);
        if (mine === undefined) {
            return;
        }
        const { merged, conflicts } = threeWayMerge(base, mine, theirs);
        let resolved = conflicts.length === 0 ? merged : undefined;
        const conflict = { stage, base, mine, theirs, fields: conflicts, current, problem };
        if (resolved === undefined && this.options.merge) {
            resolved = await this.options.merge(conflict);
        }
        if (resolved === undefined) {
            this.conflict = conflict;
            this.setState("conflict");
        }
        else if (deepEqual(resolved, theirs)) {
            this.pending.delete(stage);
        }
        else if (this.pending.get(stage) === mine) {
            this.pending.set(stage, resolved);
        }
    }
    /** Handles a failure every request shares; false when it is a refusal the caller must handle. */
    async failed(error) {
        if (error instanceof ProblemError && error.code === "session_closed") {
            this.error = error;
            this.endMove(this.move, waiter => waiter.reject(error));
            this.setState("closed");
            return true;
        }
        if (!isTransient(error)) {
            return false;
        }
        this.error = error;
        this.failures++;
        this.setState("retrying");
        this.settle();
        const wait = (error instanceof ProblemError ? error.retryAfterMs : undefined)
            ?? backoffMs(this.failures, this.options.retryDelayMs ?? 500, this.options.maxRetryDelayMs ?? 30_000);
        await sleep(wait, undefined, cut => (this.wakeRetry = cut));
        this.wakeRetry = undefined;
        return true;
    }
    succeeded() {
        this.failures = 0;
        this.error = undefined;
        this.setState(this.hasWork() ? (this.due ? "saving" : "pending") : "saved");
    }
    endMove(move, settle) {
        if (move && this.move === move) {
            this.move = undefined;
        }
        move?.waiters.forEach(settle);
    }
    accept(row) {
        if (row.version >= this.current.version || row.session_id !== this.current.session_id) {
            this.current = row;
        }
        if (row.status !== "in_progress") {
            this.state = "closed";
        }
    }
    takeKeepalive() {
        const keepalive = this.keepalive;
        this.keepalive = false;
        return keepalive;
    }
    setState(state) {
        this.state = this.state === "closed" ? "closed" : state;
        this.changed();
    }
    changed() {
        this.cached = undefined;
        const snapshot = this.snapshot();
        this.listeners.forEach(listener => listener(snapshot));
    }
    settle() {
        const snapshot = this.snapshot();
        this.settleWaiters.splice(0).forEach(resolve => resolve(snapshot));
    }
    /** Flush when the page is hidden (tab switch, close, navigation: keepalive lets the request outlive it); retry when back online. */
    listenToPage() {
        const page = globalThis;
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
