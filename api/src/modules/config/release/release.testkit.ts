import { parseEnv } from "../../../env.ts";
import { buildSystem, type System } from "../../../system.ts";
import { fixedClock } from "../../../platform/clock.ts";
import { createLogger } from "../../../platform/logger.ts";
import { ADMIN_PASSWORD, type TestSystem } from "../../../testing/harness.ts";
import { testDatabase } from "../../../testing/databases.ts";

/** HTTP helpers for release tests: sign-ins, a table, an edit, the approver's task, notices and audit rows. */
export function releaseApi(s: TestSystem) {
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const api = (method: string, path: string, user: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tok[user], body });
  return {
    tok, ids, api,
    async signIn(users: string[]) {
      for (const u of users) {
        tok[u] = await s.login(u);
        ids[u] = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [u]))!.id;
      }
    },
    /** a rates table (code key, rate decimal 0–1 scale 4) with one record, released as #1, then switched to approval */
    async ratesTable(name: string, o: { subscribers?: string[]; owner_department_id?: string | null } = {}) {
      const c = await api("POST", "/config/tables", "admin", {
        name, display_name: `费率 ${name}`, key_field: "code", needs_approval: false, subscribers: o.subscribers ?? [], owner_department_id: o.owner_department_id ?? null,
        fields: [
          { key: "code", type: "text", label: "编码", required: true, unique: true },
          { key: "rate", type: "decimal", label: "费率", scale: 4, min: 0, max: 1 },
        ],
      });
      if (c.status !== 201) throw new Error(`table ${c.status} ${JSON.stringify(c.body)}`);
      const r = await api("POST", `/config/tables/${name}/records`, "admin", {
        values: { code: "wx", rate: "0.0060" }, reason: "初始费率", ...(o.owner_department_id ? { department_id: o.owner_department_id } : {}),
      });
      if (r.status !== 201 && r.status !== 200) throw new Error(`record ${r.status} ${JSON.stringify(r.body)}`);
      const p = await api("PATCH", `/config/tables/${name}`, "admin", { needs_approval: true });
      if (p.status !== 200) throw new Error(`patch ${p.status} ${JSON.stringify(p.body)}`);
    },
    /** the user's open task on an approval */
    async taskOf(user: string, approvalId: string): Promise<string | undefined> {
      const r = await api("GET", "/approval-tasks?box=todo&page_size=100", user);
      return r.body.data.items.find((t: { instance_id: string }) => t.instance_id === approvalId)?.id;
    },
    async decide(user: string, approvalId: string, action: "approve" | "reject") {
      const task = await this.taskOf(user, approvalId);
      if (!task) throw new Error(`${user} has no task on ${approvalId}`);
      const r = await api("POST", `/approval-tasks/${task}/${action}`, user, { comment: "ok" });
      if (r.status !== 200) throw new Error(`${action} ${r.status} ${JSON.stringify(r.body)}`);
    },
    async rate(table: string, key = "wx"): Promise<unknown> {
      return (await api("GET", `/config/tables/${table}/records/${key}`, "admin")).body.data?.values?.rate;
    },
    async releases(table: string) {
      return (await api("GET", `/config/tables/${table}/releases`, "admin")).body.data.items as Array<{ number: number; version: number; status: string; kind: string }>;
    },
    /** who got a notice of this type (user ids) */
    async noticed(type: string): Promise<string[]> {
      const rows = await s.system.db.all<{ user_id: string }>("SELECT n.user_id FROM notifications n JOIN notify_events e ON e.id = n.event_id WHERE e.type = ?", [type]);
      return rows.map((r) => r.user_id);
    },
    async audited(action: string): Promise<number> {
      const row = await s.system.db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM audit_logs WHERE action = ? OR (module = 'config' AND action = ?)", [action, action.replace(/^config\./, "")]);
      return Number(row!.c);
    },
  };
}

/** Two whole systems (two processes' worth) on one fresh PostgreSQL database, on one test clock. */
export async function twoSystemsOnPostgres(): Promise<{ a: System; b: System; clock: ReturnType<typeof fixedClock>; close(): Promise<void> }> {
  const db = await testDatabase("postgres");
  const clock = fixedClock(new Date());
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_DEMO: "1", OPS_SECRET_KEY: "test-secret-key-0123456789", OPS_DATA_DIR: "./.tmp/test-data",
    OPS_PWA_DIST: "./.tmp/no-pwa", OPS_DB_POOL_MAX: "3",
  });
  const opts = { clock, databaseUrl: db.url, logger: createLogger("silent"), metricsDefaults: false, demoSeeders: ["company"] } as const;
  const a = await buildSystem(env, opts);
  const b = await buildSystem(env, opts);
  return {
    a, b, clock,
    async close() {
      await a.close();
      await b.close();
      await db.drop();
    },
  };
}
