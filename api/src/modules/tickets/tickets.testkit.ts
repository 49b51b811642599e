import type { TestSystem } from "../../testing/harness.ts";

/** The four parties of seed 004 (demo people given the ticket roles in tickets.demo.ts). */
export const PARTIES = { reporter: "songjia", reviewer: "luoting", pm: "mazhiqiang", engineer: "hejun" } as const;

export function ticketsApi(s: TestSystem) {
  const api = (method: string, path: string, token?: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token, body });
  return {
    api,
    open: (token: string, body: Record<string, unknown> = {}) =>
      api("POST", "/tickets", token, { title: "生产库磁盘使用率超过 90%", kind: "issue", priority: "high", description: "/data 分区告警", ...body }),
    move: (token: string, id: string, body: Record<string, unknown>) => api("POST", `/tickets/${id}/transitions`, token, body),
    /** A multipart comment with files. */
    async comment(token: string, id: string, content: string, files: Array<{ name: string; type: string; bytes: Uint8Array | string }> = []) {
      const form = new FormData();
      form.set("content", content);
      for (const f of files) form.append("files", new File([typeof f.bytes === "string" ? f.bytes : new Uint8Array(f.bytes)], f.name, { type: f.type }));
      const res = await s.system.app.request(`/api/v1/tickets/${id}/comments`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
      return { status: res.status, body: await res.json() as any };
    },
    async inbox(token: string, type: string): Promise<Array<{ title: string; body: string; data: Record<string, unknown> }>> {
      return (await api("GET", `/notifications?type=${type}&page_size=50`, token)).body.data.items;
    },
    async count(table = "tickets") {
      const row = await s.system.db.get<{ c: number | string }>(`SELECT COUNT(*) AS c FROM ${table}`);
      return Number(row!.c);
    },
  };
}
