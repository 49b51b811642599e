/**
 * Graceful shutdown (SIGTERM/SIGINT): one ordered sequence within one deadline (OPS_SHUTDOWN_TIMEOUT_S, below
 * Kubernetes' 30 s grace so the process leaves on its own before it is killed). The order matters:
 *   1. readiness says `draining` at once (load balancers and orchestrators stop sending traffic);
 *   2. the scheduler role's timers stop (scheduler, sweeps, due passes, pruning, rule evaluation, directory sync),
 *      waiting for a pass under way: no new work is created here, during the HTTP grace or the drain;
 *   3. HTTP: server-sent event streams are ended (clients reconnect to another process) and the server stops
 *      taking connections while in-flight requests finish; a process that serves only probes keeps answering
 *      them (`draining`) until step 6, so its drain can be watched;
 *   4. the bot disconnects its socket-mode / ws / stream clients (no chat traffic comes in);
 *   5. queue consumers drain with what is left of the deadline (jobs still running then are handed back);
 *   6. the node row says `stopped` (the nodes page does not show a live node until it ages out);
 *   7. the store and the queue close; the process exits 0 (1 when a step failed or the deadline passed).
 * A second signal exits at once.
 */
export type ShutdownContext = {
  /** ms left before the deadline (never below 0) */
  remainingMs(): number;
  /** `work` if it settles within `ms`, else "timeout" (the work is left running) */
  within<T>(work: Promise<T>, ms: number): Promise<T | "timeout">;
};

export type ShutdownStep = { name: string; run(ctx: ShutdownContext): unknown };

export type ShutdownLogger = {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

export type ShutdownOptions = {
  timeoutMs: number;
  steps: ShutdownStep[];
  exit(code: number): void;
  logger: ShutdownLogger;
  now?: () => number;
  /** resolves after `ms` (tests pass one they control) */
  after?: (ms: number) => Promise<void>;
};

const realAfter = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `steps` in order on the first signal; a second signal exits at once (code 1). */
export function createShutdown(options: ShutdownOptions) {
  const now = options.now ?? Date.now;
  const after = options.after ?? realAfter;
  const { logger } = options;
  let running: Promise<void> | null = null;

  const within = async <T>(work: Promise<T>, ms: number): Promise<T | "timeout"> => {
    // a rejection after the timeout must not surface as unhandled
    work.catch(() => {});
    return Promise.race([work, after(Math.max(0, ms)).then(() => "timeout" as const)]);
  };

  async function run(signal: string): Promise<void> {
    const deadline = now() + options.timeoutMs;
    const ctx: ShutdownContext = { remainingMs: () => Math.max(0, deadline - now()), within };
    logger.info("shutdown begins", { signal, timeout_ms: options.timeoutMs });
    let failed = false;
    for (const step of options.steps) {
      const left = ctx.remainingMs();
      const outcome = await within(Promise.resolve().then(() => step.run(ctx)).then(() => "done" as const), left).catch((e: unknown) => e);
      if (outcome === "timeout") {
        logger.error("shutdown deadline passed: exiting without the remaining steps", { step: step.name, timeout_ms: options.timeoutMs });
        return options.exit(1);
      }
      if (outcome !== "done") {
        failed = true;
        logger.error("shutdown step failed", { step: step.name, err: outcome });
      }
    }
    logger.info("shutdown complete", { ms: options.timeoutMs - ctx.remainingMs() });
    options.exit(failed ? 1 : 0);
  }

  return {
    /** The handler of SIGTERM and SIGINT. */
    signal(signal: string): Promise<void> {
      if (running) {
        logger.warn("second signal during shutdown: exiting now", { signal });
        options.exit(1);
        return running;
      }
      running = run(signal);
      return running;
    },
    get started() {
      return running !== null;
    },
  };
}

/** The parts of a process the sequence stops, each a small function of the composition root (main.ts). */
export type ShutdownParts = {
  /** readiness answers `draining` from now on (and the node row says so) */
  drainReadiness(): void | Promise<void>;
  /** ends the server-sent event streams open now */
  endStreams(): void;
  /** stops the server: `force` closes the connections still open, else it waits for in-flight requests */
  stopServer(force: boolean): Promise<void>;
  /** the server answers only probes (no web, no bot role): it keeps answering them until the node says stopped */
  probesOnly: boolean;
  /** stops every timer of the scheduler role and waits for a pass under way */
  stopSchedulers(): void | Promise<void>;
  disconnectChat(): void | Promise<void>;
  /** stops every queue consumer; jobs still running after `deadlineMs` are handed back */
  drainConsumers(deadlineMs: number): Promise<{ finished: number; handedBack: number }>;
  markStopped(): Promise<void>;
  /** the remaining modules, the queue and the store */
  close(): Promise<void>;
};

export type SequenceOptions = {
  /** longest wait for in-flight requests before open connections are closed */
  httpGraceMs: number;
  /** time kept back from the consumers' drain for the steps after it */
  closeReserveMs: number;
  logger: ShutdownLogger;
};

/** The shutdown sequence (see the top of this file) over a process's parts. */
export function shutdownSteps(parts: ShutdownParts, options: SequenceOptions): ShutdownStep[] {
  const stopServer = async (ctx: ShutdownContext, grace: number) => {
    if ((await ctx.within(parts.stopServer(false), grace)) === "timeout") {
      options.logger.warn("requests still open after the HTTP grace: closing their connections", { grace_ms: grace });
      await parts.stopServer(true);
    }
  };
  const steps: ShutdownStep[] = [
    { name: "readiness", run: () => parts.drainReadiness() },
    { name: "schedulers", run: () => parts.stopSchedulers() },
    {
      name: "http",
      run: async (ctx) => {
        parts.endStreams();
        if (!parts.probesOnly) await stopServer(ctx, Math.min(options.httpGraceMs, ctx.remainingMs()));
      },
    },
    { name: "chat", run: () => parts.disconnectChat() },
    {
      name: "consumers",
      run: async (ctx) => {
        const deadlineMs = Math.max(0, ctx.remainingMs() - options.closeReserveMs);
        const result = await parts.drainConsumers(deadlineMs);
        options.logger.info("queue consumers drained", { ...result, deadline_ms: deadlineMs });
      },
    },
    { name: "node", run: () => parts.markStopped() },
  ];
  if (parts.probesOnly) steps.push({ name: "probes", run: (ctx) => stopServer(ctx, Math.min(options.httpGraceMs, ctx.remainingMs())) });
  steps.push({ name: "close", run: () => parts.close() });
  return steps;
}
