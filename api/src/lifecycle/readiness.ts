/**
 * What `GET /readyz` answers: named checks, each added by the part of the process it speaks for (the store by
 * every process, the queue and its consumers by the worker role, armed timers by the scheduler role, chat
 * connections by the bot role). A shutdown turns it to `draining` at once, whatever the checks say, so an
 * orchestrator or load balancer stops sending traffic here before anything is closed.
 */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export type ReadinessStatus = "ready" | "not_ready" | "draining";

export type ReadinessReport = {
  status: ReadinessStatus;
  /** every check's outcome by name (a check that throws counts as failed) */
  checks: Record<string, boolean>;
  /** the names of the failed checks, in the order they were added */
  failing: string[];
};

export function createReadiness() {
  const checks = new Map<string, ReadinessCheck>();
  let draining = false;
  return {
    /** Adds (or replaces) a named check. */
    add(name: string, check: ReadinessCheck) {
      checks.set(name, check);
    },
    /** From now on every report says `draining` (a shutdown began): there is no way back. */
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    async report(): Promise<ReadinessReport> {
      const names = [...checks.keys()];
      const outcomes = await Promise.all([...checks.values()].map(async (check) => {
        try {
          return (await check()) === true;
        } catch {
          return false;
        }
      }));
      const result: Record<string, boolean> = {};
      names.forEach((name, i) => (result[name] = outcomes[i]!));
      const failing = names.filter((_, i) => !outcomes[i]);
      const status: ReadinessStatus = draining ? "draining" : failing.length ? "not_ready" : "ready";
      return { status, checks: result, failing };
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
