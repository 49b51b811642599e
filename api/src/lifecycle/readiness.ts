/**
 * What `GET /readyz` answers: named checks, each added by the part of the process it speaks for (the store by
 * every process, the bus's subscription by the web role, the queue and its consumers by the worker role, armed
 * timers by the scheduler role). A check says whether the traffic a balancer routes here can be served; a
 * connection (each chat platform's client on the bot role) is reported beside them and does not fail readiness:
 * one platform reconnecting must not take the process, and the other platforms' webhooks, out of the Service.
 * A shutdown turns it to `draining` at once, whatever the checks say, so an orchestrator or load balancer stops
 * sending traffic here before anything is closed.
 */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export type ReadinessStatus = "ready" | "not_ready" | "draining";

export type ReadinessReport = {
  status: ReadinessStatus;
  /** every check's outcome by name (a check that throws counts as failed) */
  checks: Record<string, boolean>;
  /** the names of the failed checks, in the order they were added */
  failing: string[];
  /** every connection's state by name (informational: never fails readiness; one that throws counts as down) */
  connections: Record<string, boolean>;
  /** the names of the connections that are down, in the order they were added */
  degraded: string[];
};

/** Runs every check (a throw counts as false); outcomes by name, and the names that failed. */
async function run(checks: Map<string, ReadinessCheck>): Promise<{ result: Record<string, boolean>; failed: string[] }> {
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
  return { result, failed: names.filter((_, i) => !outcomes[i]) };
}

export function createReadiness() {
  const checks = new Map<string, ReadinessCheck>();
  const connections = new Map<string, ReadinessCheck>();
  let draining = false;
  return {
    /** Adds (or replaces) a named check. */
    add(name: string, check: ReadinessCheck) {
      checks.set(name, check);
    },
    /** Adds (or replaces) a named connection: its state is reported (`degraded` when down) but never fails readiness. */
    connection(name: string, check: ReadinessCheck) {
      connections.set(name, check);
    },
    /** From now on every report says `draining` (a shutdown began): there is no way back. */
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    async report(): Promise<ReadinessReport> {
      const [gating, informational] = await Promise.all([run(checks), run(connections)]);
      const status: ReadinessStatus = draining ? "draining" : gating.failed.length ? "not_ready" : "ready";
      return { status, checks: gating.result, failing: gating.failed, connections: informational.result, degraded: informational.failed };
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
