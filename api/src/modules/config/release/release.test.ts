import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { grayBucket } from "./gray.ts";
import { releaseApi, twoSystemsOnPostgres } from "./release.testkit.ts";

/** A consumer name whose gray bucket is below / at or above `percent`. */
const nameIn = (percent: number, inside: boolean) => {
  for (let i = 0; ; i++) if ((grayBucket(`app-${i}`) < percent) === inside) return `app-${i}`;
};

describe.each(ENGINES)("config release (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof releaseApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = releaseApi(s);
    await a.signIn(["admin", "zhangwei", "liuyang", "lina", "wangfang"]);
  }, 60_000);
  afterAll(() => s?.close());

  it("an edit of an approval table is a change set: nothing applied, a task for a 运营主管 but not the author; approval applies and releases #2", async () => {
    await a.ratesTable("rates-a", { subscribers: [a.ids.lina!] });
    expect((await a.releases("rates-a")).map((r) => [r.number, r.status, r.kind])).toEqual([[1, "full", "auto"]]);
    const edit = await a.api("PATCH", "/config/tables/rates-a/records/wx", "liuyang", { values: { rate: "0.0050" }, reason: "降费率" });
    expect(edit.status).toBe(202);
    const set = edit.body.data;
    expect(set).toMatchObject({ status: "pending", table: "rates-a", author_id: a.ids.liuyang });
    expect(set.diff[0]).toMatchObject({ key: "wx", op: "changed" });
    expect(await a.rate("rates-a")).toBe("0.0060");
    expect(await a.taskOf("liuyang", set.approval_id)).toBeUndefined();
    expect(await a.taskOf("zhangwei", set.approval_id)).toBeDefined();
    // the approval's form carries the diff rows the chat card shows
    const inst = (await a.api("GET", `/approvals/${set.approval_id}`, "zhangwei")).body.data;
    expect(inst.definition_key).toBe("config-release");
    expect(inst.form).toMatchObject({ table: "rates-a", change_set_id: set.id, reason: "降费率", changes: [{ record: "wx", field: "费率", before: "0.0060", after: "0.0050" }] });
    expect(await a.noticed("config.change_requested")).toContain(a.ids.liuyang);

    await a.decide("zhangwei", set.approval_id, "approve");
    const after = (await a.api("GET", `/config/change-sets/${set.id}`, "liuyang")).body.data;
    expect(after).toMatchObject({ status: "released", release: 2 });
    expect(await a.rate("rates-a")).toBe("0.0050");
    const rels = await a.releases("rates-a");
    expect(rels.map((r) => [r.number, r.status, r.kind])).toEqual([[2, "full", "change_set"], [1, "superseded", "auto"]]);
    expect(rels[0]!.version).toBe(after.version);
    expect(await a.noticed("config.released")).toContain(a.ids.lina);
    expect(await a.noticed("config.change_decided")).toContain(a.ids.liuyang);
    // the notice is the chat's config-diff card data (ConfigNoticeData)
    const sent = (await s.system.db.all<{ data: string }>("SELECT data FROM notify_events WHERE type = 'config.released'")).map((r) => JSON.parse(r.data)).find((d) => d.table === "rates-a" && d.release === 2);
    expect(sent).toMatchObject({
      card: "config-diff", table_name: "费率 rates-a", to_version: after.version, from_version: after.version - 1, reason: "降费率",
      summary: { added: 0, changed: 1, removed: 0 }, rows: [{ record: "wx", field: "费率", before: "0.0060", after: "0.0050" }],
    });
    expect(sent.url).toMatch(/^\/config\/rates-a\/history/);
    // the records route audits the set it made
    expect(await s.system.db.get("SELECT id FROM audit_logs WHERE action = 'records.update' AND resource_type = 'config_change_set' AND resource_id = ?", [set.id])).toBeDefined();
    expect(await a.audited("config.change-sets.release")).toBeGreaterThanOrEqual(1);
    const table = (await s.system.config.data.getTable("rates-a"))!;
    expect(await s.system.configRelease.resolveFor(table, { name: "any", labels: [] })).toEqual({ release: 2, version: after.version, gray: false });
  });

  it("an author who holds config:publish gets no task of their own; reject leaves everything as it was", async () => {
    await a.ratesTable("rates-b");
    const set = (await a.api("POST", "/config/tables/rates-b/change-sets", "zhangwei", { changes: [{ op: "update", key: "wx", values: { rate: "0.9" } }], reason: "试试" })).body.data;
    expect(set.status).toBe("pending");
    expect(await a.audited("config.change-sets.create")).toBeGreaterThanOrEqual(1);
    expect(await a.taskOf("zhangwei", set.approval_id)).toBeUndefined();
    expect(await a.taskOf("admin", set.approval_id)).toBeDefined();
    await a.decide("admin", set.approval_id, "reject");
    expect((await a.api("GET", `/config/change-sets/${set.id}`, "zhangwei")).body.data.status).toBe("rejected");
    expect(await a.rate("rates-b")).toBe("0.0060");
    expect((await a.releases("rates-b")).length).toBe(1);
  });

  it("invalid changes are 422 naming changes[i].values.<field>, nothing stored", async () => {
    await a.ratesTable("rates-c");
    const before = Number((await s.system.db.get<{ c: number }>("SELECT COUNT(*) AS c FROM config_change_sets"))!.c);
    const r = await a.api("POST", "/config/tables/rates-c/change-sets", "liuyang", { changes: [{ op: "update", key: "wx", values: { rate: "2" } }], reason: "太高" });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain("changes[0].values.rate");
    expect(Number((await s.system.db.get<{ c: number }>("SELECT COUNT(*) AS c FROM config_change_sets"))!.c)).toBe(before);
  });

  it("the author withdraws; the approval is withdrawn with it; someone else gets 403", async () => {
    await a.ratesTable("rates-d");
    const set = (await a.api("POST", "/config/tables/rates-d/change-sets", "liuyang", { changes: [{ op: "update", key: "wx", values: { rate: "0.1" } }], reason: "撤回测试" })).body.data;
    expect((await a.api("POST", `/config/change-sets/${set.id}/withdraw`, "zhangwei")).status).toBe(403);
    const w = await a.api("POST", `/config/change-sets/${set.id}/withdraw`, "liuyang");
    expect(w.status).toBe(200);
    expect(w.body.data.status).toBe("withdrawn");
    expect((await a.api("GET", `/approvals/${set.approval_id}`, "liuyang")).body.data.status).toBe("withdrawn");
    expect((await a.api("POST", `/config/change-sets/${set.id}/withdraw`, "liuyang")).status).toBe(409);
  });

  it("the list of every table's sets leaves out tables whose read roles the reader lacks", async () => {
    await a.ratesTable("rates-hidden");
    expect((await a.api("PATCH", "/config/tables/rates-hidden", "admin", { read_roles: ["ops_manager"] })).status).toBe(200);
    const set = (await a.api("POST", "/config/tables/rates-hidden/change-sets", "admin", { changes: [{ op: "update", key: "wx", values: { rate: "0.2" } }], reason: "只给运营主管看" })).body.data;
    const ids = async (user: string) => (await a.api("GET", "/config/change-sets?page_size=100", user)).body.data.items.map((c: { id: string }) => c.id);
    expect(await ids("zhangwei")).toContain(set.id);
    expect(await ids("lina")).not.toContain(set.id);
    expect((await a.api("GET", "/config/change-sets?table=rates-hidden", "lina")).status).toBe(403);
  });

  it("a set that no longer applies fails with the error and nothing half-applied", async () => {
    await a.ratesTable("rates-e");
    const add = (rate: string, reason: string) => a.api("POST", "/config/tables/rates-e/change-sets", "liuyang", {
      changes: [{ op: "update", key: "wx", values: { rate } }, { op: "create", values: { code: "ali", rate: "0.0055" } }], reason,
    });
    const one = (await add("0.0001", "先到")).body.data;
    const two = (await add("0.0002", "后到")).body.data;
    await a.decide("zhangwei", one.approval_id, "approve");
    expect((await a.api("GET", `/config/change-sets/${one.id}`, "liuyang")).body.data.status).toBe("released");
    const version = (await s.system.config.data.getTable("rates-e"))!.version;
    // the second set's "ali" now clashes with the first's: it fails as a whole
    await a.decide("zhangwei", two.approval_id, "approve");
    const failed = (await a.api("GET", `/config/change-sets/${two.id}`, "liuyang")).body.data;
    expect(failed.status).toBe("failed");
    expect(failed.error).toBeTruthy();
    expect((await s.system.config.data.getTable("rates-e"))!.version).toBe(version);
    expect(await a.rate("rates-e")).toBe("0.0001");
    expect((await a.releases("rates-e")).length).toBe(2);
    expect(await a.noticed("config.change_decided")).toContain(a.ids.liuyang);
    expect(await a.audited("config.change-sets.fail")).toBeGreaterThanOrEqual(1);
  });

  it("emergency publish needs config:emergency, skips review, releases in full and tells subscribers and the owner department's head", async () => {
    // the author's own department owns the table (data scopes), and its head hears of the emergency
    const dept = (await s.system.db.get<{ id: string; leader_id: string | null }>("SELECT d.id, d.leader_id FROM departments d JOIN users u ON u.dept_id = d.id WHERE u.username = 'liuyang'"))!;
    expect(dept.leader_id).toBeTruthy();
    await a.ratesTable("rates-f", { subscribers: [a.ids.wangfang!], owner_department_id: dept.id });
    const made = await a.api("POST", "/config/tables/rates-f/change-sets", "liuyang", { changes: [{ op: "update", key: "wx", values: { rate: "0.0070" } }], reason: "紧急" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const set = made.body.data;
    const denied = await a.api("POST", `/config/change-sets/${set.id}/emergency-publish`, "zhangwei", { reason: "线上故障" });
    expect(denied.status).toBe(403);
    const r = await a.api("POST", `/config/change-sets/${set.id}/emergency-publish`, "admin", { reason: "线上故障" });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status: "released", emergency: true, release: 2 });
    expect(await a.rate("rates-f")).toBe("0.0070");
    expect((await a.releases("rates-f"))[0]).toMatchObject({ number: 2, status: "full", kind: "emergency" });
    expect((await a.api("GET", `/approvals/${set.approval_id}`, "liuyang")).body.data.status).toBe("withdrawn");
    const told = await a.noticed("config.released");
    expect(told).toContain(a.ids.wangfang);
    expect(told).toContain(dept.leader_id);
    expect(await a.audited("config.change-sets.emergency-publish")).toBeGreaterThanOrEqual(1);
  });

  it("gray release: by percent, name and label; 409 on another release while gray; promote; abort restores the previous full release", async () => {
    await a.ratesTable("rates-g");
    const table = async () => (await s.system.config.data.getTable("rates-g"))!;
    const set = (await a.api("POST", "/config/tables/rates-g/change-sets", "liuyang", {
      changes: [{ op: "update", key: "wx", values: { rate: "0.0100" } }], reason: "灰度", gray: { percent: 30, consumers: ["named"], labels: ["canary"] },
    })).body.data;
    await a.decide("zhangwei", set.approval_id, "approve");
    const rels = await a.releases("rates-g");
    expect(rels[0]).toMatchObject({ number: 2, status: "gray" });
    expect(rels[1]).toMatchObject({ number: 1, status: "full" });
    const resolve = async (name: string, labels: string[] = []) => (await s.system.configRelease.resolveFor(await table(), { name, labels }))?.release;
    expect(await resolve(nameIn(30, true))).toBe(2);
    expect(await resolve(nameIn(30, false))).toBe(1);
    expect(await resolve("named")).toBe(2);
    expect(await resolve(nameIn(30, false), ["canary"])).toBe(2);
    const again = await a.api("POST", "/config/tables/rates-g/releases", "zhangwei", { note: "再发" });
    expect(again.status).toBe(409);
    expect(again.body.reason ?? again.body.message).toBeTruthy();
    expect((await a.api("POST", "/config/tables/rates-g/releases/1/promote", "zhangwei")).status).toBe(409);
    const promoted = await a.api("POST", "/config/tables/rates-g/releases/2/promote", "zhangwei");
    expect(promoted.body.data).toMatchObject({ number: 2, status: "full" });
    expect(await resolve(nameIn(30, false))).toBe(2);

    // a manual gray release of the same version, then aborted: #2 stays what everyone gets
    const edit = (await a.api("POST", "/config/tables/rates-g/change-sets", "liuyang", { changes: [{ op: "update", key: "wx", values: { rate: "0.0200" } }], reason: "再灰度", gray: { labels: ["canary"] } })).body.data;
    await a.decide("zhangwei", edit.approval_id, "approve");
    expect(await a.rate("rates-g")).toBe("0.0200");
    expect(await resolve("x", ["canary"])).toBe(3);
    const ab = await a.api("POST", "/config/tables/rates-g/releases/3/abort", "zhangwei", { reason: "指标异常" });
    expect(ab.status).toBe(200);
    expect(ab.body.data.status).toBe("aborted");
    expect(await resolve("x", ["canary"])).toBe(2);
    expect(await a.rate("rates-g")).toBe("0.0100");
    const versions = (await a.api("GET", "/config/tables/rates-g/versions", "admin")).body.data.items;
    expect(versions[0]).toMatchObject({ kind: "abort" });
    expect(await a.audited("config.releases.abort")).toBeGreaterThanOrEqual(1);
    expect(await a.audited("config.releases.promote")).toBeGreaterThanOrEqual(1);
  });

  it("a scheduled set is released by the minute pass once release_at has come", async () => {
    await a.ratesTable("rates-h");
    const at = new Date(s.clock.now().getTime() + 3_600_000).toISOString();
    const set = (await a.api("POST", "/config/tables/rates-h/change-sets", "liuyang", { changes: [{ op: "update", key: "wx", values: { rate: "0.0300" } }], reason: "定时", release_at: at })).body.data;
    await a.decide("zhangwei", set.approval_id, "approve");
    expect((await a.api("GET", `/config/change-sets/${set.id}`, "liuyang")).body.data.status).toBe("scheduled");
    expect(await s.system.configRelease.changeSets.releaseDue()).toBe(0);
    expect(await a.rate("rates-h")).toBe("0.0060");
    s.clock.advance(3_600_000 + 1000);
    expect(await s.system.configRelease.changeSets.releaseDue()).toBe(1);
    expect(await s.system.configRelease.changeSets.releaseDue()).toBe(0);
    // the sign-ins expired with the hour that passed
    await a.signIn(["admin", "zhangwei", "liuyang", "lina", "wangfang"]);
    expect(await a.rate("rates-h")).toBe("0.0300");
    expect((await a.releases("rates-h"))[0]).toMatchObject({ number: 2, status: "full", kind: "change_set" });
  });

  it("the config.changes widget counts sets waiting for me and my own", async () => {
    await a.ratesTable("rates-i");
    await a.api("POST", "/config/tables/rates-i/change-sets", "liuyang", { changes: [{ op: "update", key: "wx", values: { rate: "0.0400" } }], reason: "待审" });
    const mine = (await a.api("GET", "/workbench/widgets/config.changes", "liuyang")).body.data;
    const waiting = (await a.api("GET", "/workbench/widgets/config.changes", "zhangwei")).body.data;
    expect(mine.count).toBeGreaterThanOrEqual(1);
    expect(waiting.count).toBeGreaterThanOrEqual(1);
    expect(waiting.items[0].href).toMatch(/^\/config\/change-sets\//);
    expect((await a.api("GET", "/workbench/widgets/config.changes", "lina")).body.data.count).toBe(0);
  });
});

describe.runIf(ENGINES.includes("postgres"))("scheduled release with two processes on one PostgreSQL", () => {
  it("fires once", async () => {
    const two = await twoSystemsOnPostgres();
    try {
      const { a: sa, b: sb, clock } = two;
      const data = sa.config.data;
      const admin = (await sa.iam.userActor("admin"))!;
      const liuyang = (await sa.iam.userActor("liuyang"))!;
      const zhangwei = (await sa.iam.userActor("zhangwei"))!;
      await sa.config.tables.create(admin, {
        name: "rates-pg", display_name: "费率", description: "", key_field: "code", needs_approval: true, approval_definition: "config-release",
        read_roles: [], write_roles: [], owner_department_id: null, keep_history_days: null, subscribers: [],
        fields: [{ key: "code", type: "text", label: "编码", required: true, unique: true }, { key: "rate", type: "decimal", label: "费率", scale: 4, min: 0, max: 1 }],
      } as never);
      const table = (await data.getTable("rates-pg"))!;
      const set = await sa.configRelease.gate.propose(table, [{ op: "create", values: { code: "wx", rate: "0.0060" } }], {
        actor: liuyang, reason: "定时", release_at: new Date(clock.now().getTime() + 60_000).toISOString(),
      });
      const task = (await sa.approvals.listTasks(zhangwei, { box: "todo", page: 1, page_size: 50 })).items.find((t) => t.instance_id === set.approval_id)!;
      await sa.approvals.tasks.approve(zhangwei, task.id, "ok");
      expect((await sa.configRelease.changeSets.get(liuyang, set.id)).status).toBe("scheduled");
      clock.advance(120_000);
      const [x, y] = await Promise.all([sa.configRelease.changeSets.releaseDue(), sb.configRelease.changeSets.releaseDue()]);
      expect(x + y).toBe(1);
      const rels = await sa.db.all<{ number: number }>("SELECT number FROM config_releases WHERE table_name = 'rates-pg'");
      expect(rels.length).toBe(1);
      expect((await data.getTable("rates-pg"))!.version).toBe(1);
    } finally {
      await two.close();
    }
  }, 90_000);
});

describe("approval definitions a table may name", () => {
  it("must be published with the change-set form fields", async () => {
    const s = await createTestSystem({ demoSeeders: ["company"] });
    try {
      const gate = s.system.configRelease.gate;
      expect(await gate.checkDefinition!("config-release")).toEqual([]);
      expect((await gate.checkDefinition!("no-such"))[0]).toMatchObject({ field: "approval_definition", message: "config.release.definition_unknown" });
      const admin = (await s.system.iam.userActor("admin"))!;
      await s.system.approvals.definitions.create(admin, {
        key: "other-release", name: "other", description: "", hooks: [], settings: { allow_withdraw: true, dedupe: false },
        form: [{ key: "table", type: "text", label: "t", required: true }], nodes: [{ key: "start", type: "start" }, { key: "end", type: "end" }], edges: [{ from: "start", to: "end" }],
      });
      await s.system.approvals.definitions.publish(admin, "other-release");
      expect((await gate.checkDefinition!("other-release"))[0]).toMatchObject({ message: "config.release.definition_fields", params: { fields: "change_set_id, reason, changes" } });
    } finally {
      await s.close();
    }
  });
});
