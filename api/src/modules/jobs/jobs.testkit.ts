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
    async waitFor(id: string, statuses: string[], ms = 15_000) {
      const jobs = s.system.jobs;
      const read = async () => (await jobs.runs.get({ kind: "system", reason: "test", locale: "zh-CN" }, id));
      const done = Promise.withResolvers<Awaited<ReturnType<typeof read>>>();
      const check = async () => {
        const r = await read();
        if (statuses.includes(r.status)) done.resolve(r);
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
    count: async (table: string) => Number((await s.system.db.get<{ c: number | string }>(`SELECT COUNT(*) AS c FROM ${table}`))!.c),
  };
}
