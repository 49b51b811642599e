import type { FlowRun } from "@ops/shared/contracts/flows.ts";
import type { TestSystem } from "../../testing/harness.ts";

/** A shell step node. */
export const sh = (key: string, command: string, extra: Record<string, unknown> = {}) => ({ key, type: "shell", config: { command }, ...extra });

export function flowsApi(s: TestSystem) {
  const api = (method: string, path: string, token?: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token, body });
  return {
    api,
    create: (token: string, body: Record<string, unknown>) => api("POST", "/flows", token, body),
    run: (token: string, flow: string, params: Record<string, unknown> = {}) => api("POST", `/flows/${flow}/runs`, token, { params }),
    getRun: async (token: string, id: string): Promise<FlowRun> => (await api("GET", `/flow-runs/${id}`, token)).body.data,
    /** Resolves when the instance satisfies `ok`, checked at every change of it (no polling). */
    async waitUntil(id: string, ok: (run: FlowRun) => boolean, ms = 20_000): Promise<FlowRun> {
      const flows = s.system.flows;
      const read = () => flows.getRun({ kind: "system", reason: "test", locale: "zh-CN" }, id);
      const done = Promise.withResolvers<FlowRun>();
      const check = async () => {
        const r = await read();
        if (ok(r)) done.resolve(r);
      };
      const off = flows.onChange((changed) => {
        if (changed === id) void check().catch(done.reject);
      });
      const timer = setTimeout(async () => done.reject(new Error(`flow run ${id} still ${JSON.stringify((await read()).nodes.map((n) => [n.key, n.status]))} after ${ms} ms`)), ms);
      try {
        await check();
        return await done.promise;
      } finally {
        clearTimeout(timer);
        off();
      }
    },
    waitFinal(id: string, ms?: number) {
      return this.waitUntil(id, (r) => ["succeeded", "failed", "cancelled"].includes(r.status), ms);
    },
    count: async (table: string) => Number((await s.system.db.get<{ c: number | string }>(`SELECT COUNT(*) AS c FROM ${table}`))!.c),
  };
}

export const statuses = (r: FlowRun) => Object.fromEntries(r.nodes.map((n) => [n.key, n.status]));
