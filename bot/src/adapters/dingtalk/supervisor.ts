/**
 * Keeps one long-lived connection up. dingtalk-stream 2.1.5 reconnects on a fixed 1 s, leaks its
 * heartbeat timer on every reconnect and keeps "zombie" sockets after a server `disconnect`
 * (im-protocols.md §4), so its autoReconnect is off and this class decides when to reconnect:
 * - a closed socket or a failed attempt: exponential backoff with jitter (min..max, reset once a
 *   connection stayed up for `healthyMs`);
 * - no frame at all (pings included) for `idleMs`: the socket is dropped and reopened;
 * - the server announces a disconnect: warm reconnect, the new connection first, then the old one goes.
 * Transport-neutral: `connect` opens one connection and reports its life through the hooks.
 */
export type SupervisorOptions = {
  minBackoffMs: number;
  maxBackoffMs: number;
  /** a connection that lived this long resets the backoff */
  healthyMs: number;
  /** no downstream frame for this long means the connection is dead */
  idleMs: number;
  /** [0, 1); jitter source, injectable for deterministic tests */
  random: () => number;
  /** monotonic-ish clock for the healthy period */
  now: () => number;
  /** every state change, e.g. for tests to await "connected" without sleeping */
  onState?: (state: SupervisorState) => void;
};

export type SupervisorState =
  | { state: "connecting"; attempt: number }
  | { state: "connected"; connection: number }
  | { state: "waiting"; delayMs: number; attempt: number; reason: string }
  | { state: "stopped" };

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  minBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  healthyMs: 60_000,
  idleMs: 90_000,
  random: Math.random,
  now: Date.now,
};

/** What the transport reports about one connection. */
export type ConnectionHooks = {
  /** any downstream frame, pings included */
  onFrame(): void;
  /** the server asked us to go (DingTalk SYSTEM `disconnect`) */
  onDisconnectRequested(reason: string): void;
  /** the socket is gone */
  onClosed(): void;
};

export type SupervisedConnection = {
  /** `graceful` sends a close frame; otherwise the socket is torn down at once */
  close(graceful: boolean): void;
};

export type Connect = (hooks: ConnectionHooks) => Promise<SupervisedConnection>;

type Logger = { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };

export class ConnectionSupervisor {
  private readonly opts: SupervisorOptions;
  private current: { id: number; conn: SupervisedConnection; since: number } | undefined;
  private nextId = 1;
  private attempt = 0;
  private stopped = true;
  private connecting = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly connect: Connect,
    private readonly logger: Logger,
    opts: Partial<SupervisorOptions> = {},
  ) {
    this.opts = { ...DEFAULT_SUPERVISOR_OPTIONS, ...opts };
  }

  /** Starts connecting; resolves once the first attempt settled (failures go on in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.open("start");
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    this.current?.conn.close(false);
    this.current = undefined;
    this.emit({ state: "stopped" });
  }

  /** Opens a new connection; the previous one (if any) is closed only once the new one is up. */
  private async open(reason: string): Promise<void> {
    if (this.stopped || this.connecting) return;
    this.connecting = true;
    clearTimeout(this.retryTimer);
    const id = this.nextId++;
    this.emit({ state: "connecting", attempt: this.attempt });
    try {
      const conn = await this.connect(this.hooksFor(id));
      if (this.stopped) return conn.close(false);
      const previous = this.current;
      this.current = { id, conn, since: this.opts.now() };
      if (previous) this.retire(previous, true);
      this.armIdle();
      this.logger.info("dingtalk stream connected", { connection: id, reason });
      this.emit({ state: "connected", connection: id });
    } catch (err) {
      this.logger.warn("dingtalk stream connect failed", { error: String(err), attempt: this.attempt });
      // A failed warm reconnect leaves the old socket in place until it closes or goes idle.
      if (!this.current) this.scheduleRetry("connect failed");
    } finally {
      this.connecting = false;
    }
  }

  private hooksFor(id: number): ConnectionHooks {
    const isCurrent = () => this.current?.id === id;
    return {
      onFrame: () => {
        if (isCurrent()) this.armIdle();
      },
      onDisconnectRequested: (reason) => {
        if (!isCurrent()) return;
        this.logger.info("dingtalk stream disconnect requested; reconnecting warm", { connection: id, reason });
        void this.open("server disconnect");
      },
      onClosed: () => {
        if (!isCurrent()) return;
        this.drop(false);
        this.scheduleRetry("closed");
      },
    };
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.logger.warn("dingtalk stream idle; reconnecting", { idleMs: this.opts.idleMs });
      this.drop(false);
      this.scheduleRetry("idle");
    }, this.opts.idleMs);
  }

  private drop(graceful: boolean): void {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(this.idleTimer);
    this.current = undefined;
    this.retire(cur, graceful);
  }

  private retire(old: { conn: SupervisedConnection; since: number }, graceful: boolean): void {
    if (this.opts.now() - old.since >= this.opts.healthyMs) this.attempt = 0;
    old.conn.close(graceful);
  }

  private scheduleRetry(reason: string): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const { minBackoffMs: min, maxBackoffMs: max } = this.opts;
    const delayMs = Math.round(Math.min(max, min * 2 ** this.attempt + this.opts.random() * min));
    this.emit({ state: "waiting", delayMs, attempt: this.attempt, reason });
    this.attempt++;
    this.retryTimer = setTimeout(() => void this.open(reason), delayMs);
  }

  private latest: SupervisorState = { state: "stopped" };

  /** the latest state (readiness: connected or not) */
  get state(): SupervisorState {
    return this.latest;
  }

  private emit(state: SupervisorState): void {
    this.latest = state;
    try {
      this.opts.onState?.(state);
    } catch {
      // an observer must not break the connection loop
    }
  }
}
