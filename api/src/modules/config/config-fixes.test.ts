import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { untilSignalled } from "../../testing/until.ts";
import { configApi } from "./config.testkit.ts";
import { releaseApi } from "./release/release.testkit.ts";

const TABLE = {
  name: "keys-t", display_name: "键", key_field: "code", keep_history_days: 1,
  fields: [
    { key: "code", type: "text", label: "编码", required: true, unique: true },
    { key: "amount", type: "number", label: "数量", min: 0 },
  ],
};
const csvFile = (text: string) => new File([text], "keys.csv", { type: "text/csv" });

/** Gaps closed this session: reserved record keys, the daily history pass, a stale emergency publish, who a scheduled release is by. */
describe.each(ENGINES)("config fixes (%s)", (engine) => {
  let s: TestSystem;
  let cfg: ReturnType<typeof configApi>;
  let a: ReturnType<typeof releaseApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    cfg = configApi(s);
    a = releaseApi(s);
    await a.signIn(["admin", "zhangwei", "liuyang"]);
  }, 60_000);
  afterAll(() => s?.close());

  it("refuses import and export as record keys (400 naming the key field), in imports too, and nothing is stored", async () => {
    expect((await cfg.createTable(a.tok.admin!, TABLE)).status).toBe(201);
    const before = await cfg.counts();
    for (const key of ["export", "Import"]) {
      const r = await cfg.create(a.tok.admin!, "keys-t", { code: key, amount: 1 });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(40001);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: "values.code" })]);
    }
    const imported = await cfg.multipart(a.tok.admin!, "/config/tables/keys-t/records/import", { file: csvFile("code,amount\nA1,1\nimport,2\n"), reason: "导入" });
    expect(imported.status).toBe(422);
    expect(imported.body.data.errors).toEqual([expect.objectContaining({ row: 2, field: "code" })]);
    expect(await cfg.counts()).toEqual(before);
    // the routes those keys would shadow still answer
    expect((await s.req("GET", "/api/v1/config/tables/keys-t/records/export?format=csv", { token: a.tok.admin })).status).toBe(200);
    expect((await cfg.create(a.tok.admin!, "keys-t", { code: "exports", amount: 1 })).status).toBe(201);
  });

  it("prunes tables nobody writes again in the daily pass (pruneAll), and the scheduler role runs it on its own", async () => {
    // every version here is released by the real gate (and so kept): a gate that releases nothing shows the pass
    s.system.config.setGate({ propose: async () => { throw new Error("no approval here"); }, applied: async () => {}, releasedVersions: async () => [] });
    try {
      for (const name of ["hist-a", "hist-b"]) {
        expect((await cfg.createTable(a.tok.admin!, { ...TABLE, name })).status).toBe(201);
        await cfg.create(a.tok.admin!, name, { code: "A", amount: 1 });
        await cfg.update(a.tok.admin!, name, "A", { amount: 2 });
        await cfg.update(a.tok.admin!, name, "A", { amount: 3 });
      }
      const versions = async (name: string) => {
        const table = (await s.system.config.data.getTable(name))!;
        return (await s.system.db.all<{ version: number | string }>("SELECT version FROM config_versions WHERE table_id = ? ORDER BY version", [table.id])).map((v) => Number(v.version));
      };
      expect(await s.system.config.pruneAll()).toBe(0);
      s.clock.advance(2 * 86_400_000);
      expect(await versions("hist-a")).toEqual([1, 2, 3]);
      // no write came after: the pass prunes all but the newest of both tables
      expect(await s.system.config.pruneAll()).toBe(4);
      expect(await versions("hist-a")).toEqual([3]);
      expect((await s.system.config.data.stateAt((await s.system.config.data.getTable("hist-a"))!, 3))[0]!.values.amount).toBe(3);

      // the sign-ins expired with the days that passed
      await a.signIn(["admin", "zhangwei", "liuyang"]);
      const c = await cfg.createTable(a.tok.admin!, { ...TABLE, name: "hist-c" });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      await cfg.create(a.tok.admin!, "hist-c", { code: "A", amount: 1 });
      await cfg.update(a.tok.admin!, "hist-c", "A", { amount: 2 });
      s.clock.advance(2 * 86_400_000);
      s.system.config.start({ scheduler: false }, 10);
      s.system.config.start({ scheduler: true }, 10);
      const tick = (wake: () => void) => {
        const timer = setInterval(wake, 10);
        return () => clearInterval(timer);
      };
      let seen: number[] = [];
      await untilSignalled([tick], async () => (seen = await versions("hist-c")).length === 1, () => `hist-c versions ${JSON.stringify(seen)}`, 10_000);
    } finally {
      s.system.config.stop();
      s.system.config.setGate(s.system.configRelease.gate);
      await a.signIn(["admin", "zhangwei", "liuyang"]);
    }
  });

  it("answers 409 config.change_set_stale to an emergency publish whose changes no longer apply, changing nothing", async () => {
    await a.ratesTable("rates-s");
    const submit = async () => {
      const r = await a.api("POST", "/config/tables/rates-s/change-sets", "liuyang", { changes: [{ op: "create", values: { code: "wy", rate: "0.0100" } }], reason: "新增渠道" });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.data as { id: string; approval_id: string };
    };
    const first = await submit();
    const second = await submit();
    expect((await a.api("POST", `/config/change-sets/${first.id}/emergency-publish`, "admin", { reason: "故障" })).status).toBe(200);
    const table = async () => (await a.api("GET", "/config/tables/rates-s", "admin")).body.data as { version: number; release: number };
    const before = { table: await table(), records: (await a.api("GET", "/config/tables/rates-s/records", "admin")).body.data.items };
    const stale = await a.api("POST", `/config/change-sets/${second.id}/emergency-publish`, "admin", { reason: "故障" });
    expect(stale.status).toBe(409);
    expect(stale.body.reason ?? stale.body.error ?? stale.body.message).toBeTruthy();
    expect(stale.body.errors[0].field).toMatch(/^changes\[0\]\.values\.code$/);
    expect(await s.system.db.get("SELECT status, emergency FROM config_change_sets WHERE id = ?", [second.id])).toMatchObject({ status: "pending" });
    expect((await a.api("GET", `/approvals/${second.approval_id}`, "liuyang")).body.data.status).toBe("pending");
    expect(await table()).toEqual(before.table);
    expect((await a.api("GET", "/config/tables/rates-s/records", "admin")).body.data.items).toEqual(before.records);
  });

  it("releases a scheduled set in its approver's name and audits who scheduled it", async () => {
    await a.ratesTable("rates-t");
    const at = new Date(s.clock.now().getTime() + 3_600_000).toISOString();
    const set = (await a.api("POST", "/config/tables/rates-t/change-sets", "liuyang", { changes: [{ op: "update", key: "wx", values: { rate: "0.0300" } }], reason: "定时", release_at: at })).body.data;
    await a.decide("zhangwei", set.approval_id, "approve");
    s.clock.advance(3_600_000 + 1000);
    expect(await s.system.configRelease.changeSets.releaseDue()).toBe(1);
    await a.signIn(["admin", "zhangwei", "liuyang"]);
    const rel = (await a.api("GET", "/config/tables/rates-t/releases", "admin")).body.data.items[0];
    expect(rel).toMatchObject({ number: 2, kind: "change_set", released_by: a.ids.zhangwei });
    const row = await s.system.db.get<{ after_data: string }>(
      "SELECT after_data FROM audit_logs WHERE action = 'change-sets.release' AND resource_id = ?", [set.id],
    );
    const after = JSON.parse(row!.after_data);
    expect(after).toMatchObject({ status: "released", scheduled_by: a.ids.zhangwei });
    expect(after.note).toContain("zhangwei");
    expect(after.note).toContain("安排的定时发布");
  });
});
