import type { JobRun } from "@ops/shared/contracts/jobs.ts";
import type { EmbeddedQueueDriver } from "../../platform/queue/index.ts";
import type { TestSystem } from "../../testing/harness.ts";

/** A shell job body; fields overridable. */
export const shellJob = (name: string, command: string, extra: Record<string, unknown> = {}) => ({
  name, type: "shell", config: { command }, params: {}, schedule: null, timeout_s: 30, ...extra,
});

export function jobsApi(s: TestSystem) {
  const api = (method: string, path: string, token?: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token, body });
  return {
    api,
    create: (token: string, body: Record<string, unknown>) => api("POST", "/jobs", token, body),
    run: (token: string, job: string, params: Record<string, unknown> = {}) => api("POST", `/jobs/${job}/runs`, token, { params }),
    getRun: async (token: string, id: string) => (await api("GET", `/runs/${id}`, token)).body.data,
    /** Resolves when the run is in one of `statuses` (run events, no polling). */
    waitFor(id: string, statuses: string[], ms = 15_000) {
      return this.waitUntil(id, (r) => statuses.includes(r.status), ms);
    },
    /** Resolves when the run satisfies `ok`, checked at every change of the run (no polling). */
    async waitUntil(id: string, ok: (run: JobRun) => boolean, ms = 15_000): Promise<JobRun> {
      const jobs = s.system.jobs;
      const read = async () => (await jobs.runs.get({ kind: "system", reason: "test", locale: "zh-CN" }, id));
      const done = Promise.withResolvers<Awaited<ReturnType<typeof read>>>();
      const check = async () => {
        const r = await read();
        if (ok(r)) done.resolve(r);
      };
      const off = await jobs.events.subscribe(id, () => void check().catch(done.reject));
      const timer = setTimeout(async () => done.reject(new Error(`run ${id} still ${(await read()).status} after ${ms} ms`)), ms);
      try {
        await check();
        return await done.promise;
      } finally {
        clearTimeout(timer);
        off();
      }
    },
    /** Moves the test clock and wakes the embedded queue's waiters (delayed retries, lease expiries). */
    advance(ms: number) {
      s.clock.advance(ms);
      (s.system.queue as EmbeddedQueueDriver).nudge();
    },
    log: async (token: string, id: string) => (await api("GET", `/runs/${id}/log`, token)).body.data.chunks.map((c: { text: string }) => c.text).join(""),
    count: async (table: string) => Number((await s.system.db.get<{ c: number | string }>(`SELECT COUNT(*) AS c FROM ${table}`))!.c),
  };
}
