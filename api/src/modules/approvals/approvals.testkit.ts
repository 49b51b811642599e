import type { TestSystem } from "../../testing/harness.ts";

/** HTTP helpers for approvals tests: calls, user ids, and a definition created and published in one go. */
export function approvalsApi(s: TestSystem) {
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const api = (method: string, path: string, token: string | undefined, body?: unknown) => s.req(method, `/api/v1${path}`, { token, body });
  const as = (user: string) => {
    const token = tok[user];
    if (!token) throw new Error(`${user} is not signed in`);
    return token;
  };
  return {
    tok, ids, api,
    async signIn(users: string[]) {
      for (const u of users) {
        tok[u] = await s.login(u);
        ids[u] = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [u]))!.id;
      }
    },
    /** creates (as admin) and publishes a definition; returns its key */
    async publish(def: Record<string, unknown>): Promise<string> {
      const c = await api("POST", "/approval-definitions", as("admin"), def);
      if (c.status !== 201) throw new Error(`create ${c.status} ${JSON.stringify(c.body)}`);
      const p = await api("POST", `/approval-definitions/${c.body.data.id}/publish`, as("admin"));
      if (p.status !== 200) throw new Error(`publish ${p.status} ${JSON.stringify(p.body)}`);
      return c.body.data.key;
    },
    async start(user: string, definition: string, form: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
      const r = await api("POST", "/approvals", as(user), { definition, title: `${definition} by ${user}`, form, ...extra });
      if (r.status !== 201) throw new Error(`start ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.data as { id: string; status: string; current: Array<{ node_key: string; tasks: Array<{ id: string; assignee_id: string }> }>; timeline: Array<{ action: string }> };
    },
    get: async (user: string, id: string) => (await api("GET", `/approvals/${id}`, as(user))).body.data,
    /** the user's open task on an instance */
    async taskOf(user: string, instanceId: string): Promise<string | undefined> {
      const r = await api("GET", "/approval-tasks?box=todo&page_size=100", as(user));
      return r.body.data.items.find((t: { instance_id: string }) => t.instance_id === instanceId)?.id;
    },
    act: (user: string, taskId: string, action: string, body: Record<string, unknown> = {}) => api("POST", `/approval-tasks/${taskId}/${action}`, as(user), body),
    /** A multipart comment with files. */
    async commentWithFiles(user: string, id: string, text: string, files: Array<{ name: string; type: string; bytes: string }>) {
      const form = new FormData();
      form.set("text", text);
      for (const f of files) form.append("files", new File([f.bytes], f.name, { type: f.type }));
      const res = await s.system.app.request(`/api/v1/approvals/${id}/comments`, { method: "POST", headers: { authorization: `Bearer ${as(user)}` }, body: form });
      return { status: res.status, body: (await res.json()) as any };
    },
    download: (user: string, id: string, attachmentId: string) =>
      s.system.app.request(`/api/v1/approvals/${id}/attachments/${attachmentId}`, { headers: { authorization: `Bearer ${as(user)}` } }),
    count: async (table: string) => Number((await s.system.db.get<{ c: number | string }>(`SELECT COUNT(*) AS c FROM ${table}`))!.c),
  };
}

/** A one-approver-node definition: start → approve → end. */
export function simpleDef(key: string, approvers: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    key, name: key, form: [{ key: "amount", type: "money", label: "金额", required: false }],
    nodes: [{ key: "start", type: "start" }, { key: "approve", type: "approver", name: "审批", approvers, mode: "or", ...extra }, { key: "end", type: "end" }],
    edges: [{ from: "start", to: "approve" }, { from: "approve", to: "end" }],
  };
}
