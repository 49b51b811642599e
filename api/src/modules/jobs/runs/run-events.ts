import type { Job } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { RunRow } from "./run.store.ts";

/**
 * What the caller of a status change knows already, so the hooks need not read it again: the
 * run as the transition's UPDATE … RETURNING stored it, and the job definition it ran.
 */
export type StatusKnown = { row?: RunRow; job?: Job | null };

/**
 * "Run X changed" (status or new log lines), heard in every process on the store: PostgreSQL
 * NOTIFY, or in-process on SQLite. Followers of a log and callers waiting for a cancel
 * subscribe per run; one LISTEN per process serves them all.
 */
export const RUN_CHANNEL = "ops_job_run";

export function createRunEvents(db: Db, onStatus?: (runId: string, known: StatusKnown) => Promise<void>) {
  const subscribers = new Map<string, Set<() => void>>();
  let listening: Promise<() => Promise<void>> | null = null;
  const deliver = (runId: string) => {
    for (const fn of subscribers.get(runId) ?? []) fn();
  };
  return {
    /** After the change's commit (db.notify inside a transaction is delivered at commit). */
    changed: (runId: string) => db.notify(RUN_CHANNEL, runId),
    /** A status change (not just more log): followers hear it, and the run's chat cards are refreshed. */
    async statusChanged(runId: string, known: StatusKnown = {}) {
      // the event and the hooks (a flow's next step) are independent: neither waits for the other's round trip
      await Promise.all([db.notify(RUN_CHANNEL, runId), onStatus?.(runId, known)]);
    },
    async subscribe(runId: string, fn: () => void): Promise<() => void> {
      listening ??= db.listen(RUN_CHANNEL, deliver);
      await listening;
      let set = subscribers.get(runId);
      if (!set) subscribers.set(runId, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
        if (set.size === 0) subscribers.delete(runId);
      };
    },
    async close() {
      subscribers.clear();
      if (listening) await (await listening)();
      listening = null;
    },
  };
}

export type RunEvents = ReturnType<typeof createRunEvents>;
