import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { RATES, configApi } from "./config.testkit.ts";

describe.each(ENGINES)("config: tables, records, versions through the API (%s)", (engine) => {
  let s: TestSystem;
  let cfg: ReturnType<typeof configApi>;
  const tokens: Record<string, string> = {};
  const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    cfg = configApi(s);
    for (const u of ["admin", "zhangwei", "lina", "liuyang", "chenjing"]) tokens[u] = await s.login(u);
  }, 120_000);
  afterAll(() => s?.close());

  it("refuses bad metadata naming fields[i].<prop>, and a 运营专员 without config:design", async () => {
    const bad = await cfg.createTable(tokens.liuyang!, {
      name: "Bad Name", display_name: "坏表", key_field: "id",
      fields: [
        { key: "id", type: "text", label: "ID" },
        { key: "id", type: "text", label: "重复" },
        { key: "kind", type: "select", label: "类型" },
        { key: "pattern", type: "text", label: "模式", regex: "([a-z" },
        { key: "doc", type: "json", label: "文档", json_schema: { type: "nope" } },
        { key: "n", type: "number", label: "数", min: 5, max: 1 },
        { key: "ref", type: "reference", label: "引用", reference: { table: "missing" } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining([
      "name", "fields[1].key", "fields[2].options", "fields[3].regex", "fields[4].json_schema", "fields[5].min", "fields[6].reference", "key_field",
    ]));
    expect((await cfg.createTable(tokens.lina!)).status).toBe(403);
    // a word of the config paths is no table name (/config/tables/published would be this table's consumers' path)
    const reserved = await cfg.createTable(tokens.liuyang!, { ...RATES, name: "tables" });
    expect([reserved.status, fields(reserved.body)]).toEqual([400, ["name"]]);
    // an approval table's definition must exist and carry the change-set form
    const noDefinition = await cfg.createTable(tokens.liuyang!, { ...RATES, name: "gated", needs_approval: true, approval_definition: "no-such-definition" });
    expect([noDefinition.status, fields(noDefinition.body)]).toEqual([400, ["approval_definition"]]);
    // the built-in system tables (config/system) are there from start; none of the refused ones
    expect(await cfg.count("config_tables", "system = 0")).toBe(0);
  });

  it("creates a table (开发人员 holds config:design), 409 on a taken name", async () => {
    const r = await cfg.createTable(tokens.liuyang!);
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ name: "rates", key_field: "code", version: 0, needs_approval: false });
    expect((await cfg.createTable(tokens.liuyang!)).status).toBe(409);
    expect((await cfg.api("GET", "/config/tables/rates", tokens.lina)).body.data.display_name).toBe("费率配置");
  });

  it("checks every field type, names the field and stores nothing", async () => {
    const before = await cfg.counts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ code: "bad code", name: "x" }, "values.code"],
      [{ code: "A1" }, "values.name"],
      [{ code: "A1", name: "x", rate: "0.12345" }, "values.rate"],
      [{ code: "A1", name: "x", rate: "1.5" }, "values.rate"],
      [{ code: "A1", name: "x", channel: "fax" }, "values.channel"],
      [{ code: "A1", name: "x", enabled: "maybe" }, "values.enabled"],
      [{ code: "A1", name: "x", starts_on: "2026-02-30" }, "values.starts_on"],
      [{ code: "A1", name: "x", rollout: { percent: 200 } }, "values.rollout"],
      [{ code: "A1", name: "x", rollout: "{not json" }, "values.rollout"],
      [{ code: "A1", name: "x", owner: "nobody" }, "values.owner"],
      [{ code: "A1", name: "这个名字实在是太长了超过了二十个字符的限制啊啊啊" }, "values.name"],
      [{ code: "A1", name: "x", nope: 1 }, "values.nope"],
    ];
    for (const [values, field] of cases) {
      const r = await cfg.create(tokens.liuyang!, "rates", values);
      expect(r.status, JSON.stringify(values)).toBe(422);
      expect(fields(r.body), JSON.stringify(values)).toContain(field);
    }
    const regex = await cfg.create(tokens.liuyang!, "rates", { code: "a-1", name: "x" });
    expect(regex.body.errors[0]).toMatchObject({ field: "values.code", message: "编码只能是大写字母、数字和下划线" });
    const noReason = await cfg.create(tokens.liuyang!, "rates", { code: "A1", name: "x" }, null);
    expect(noReason.status).toBe(422);
    expect(fields(noReason.body)).toEqual(["reason"]);
    expect(await cfg.counts()).toEqual(before);
  });

  it("writes records as versions; secrets never leave in clear; unique against live rows", async () => {
    const a = await cfg.create(tokens.liuyang!, "rates", {
      code: "WEB_STD", name: "网页标准", rate: "0.035", channel: "web", enabled: "是", alias: "std", token: "s3cr3t-value",
      rollout: { percent: 10 }, remark: '<p onclick="x()">ok<script>alert(1)</script><a href="https://e.com" target="_blank">l</a></p>',
    }, "首次配置");
    expect(a.status).toBe(201);
    expect(a.body.version).toBe(1);
    expect(a.body.data.values).toMatchObject({ rate: "0.0350", enabled: true, token: "••••••", rollout: { percent: 10 } });
    expect(a.body.data.values.remark).toBe('<p>ok<a href="https://e.com" target="_blank" rel="noopener noreferrer">l</a></p>');
    // a table without approval: the write is released in full at once (release/ through the gate); the table shows it
    expect((await cfg.api("GET", "/config/tables/rates", tokens.liuyang)).body.data).toMatchObject({ version: 1, release: 1 });
    const stored = await s.system.db.get<{ record_values: string }>("SELECT record_values FROM config_records");
    expect(stored!.record_values).not.toContain("s3cr3t-value");
    const dup = await cfg.create(tokens.liuyang!, "rates", { code: "WEB_STD", name: "again" });
    expect(dup.status).toBe(422);
    expect(fields(dup.body)).toEqual(["values.code"]);
    const alias = await cfg.create(tokens.liuyang!, "rates", { code: "APP", name: "App", alias: "std" });
    expect(fields(alias.body)).toEqual(["values.alias"]);
    // writing the mask back keeps the stored secret; the diff says nothing changed there
    const upd = await cfg.update(tokens.liuyang!, "rates", "WEB_STD", { rate: "0.04", token: "••••••" });
    expect(upd.status).toBe(200);
    expect(upd.body.version).toBe(2);
    const v2 = await cfg.api("GET", "/config/tables/rates/versions/2", tokens.liuyang);
    expect(v2.body.data.diff).toEqual([{ key: "WEB_STD", op: "changed", fields: [expect.objectContaining({ field: "rate", before: "0.0350", after: "0.0400" })] }]);
    const rotated = await cfg.update(tokens.liuyang!, "rates", "WEB_STD", { token: "new-secret" });
    const v3 = await cfg.api("GET", "/config/tables/rates/versions/3", tokens.liuyang);
    expect(v3.body.data.diff[0].fields).toEqual([{ field: "token", label: "密钥", before: "••••••", after: "••••••" }]);
    expect(rotated.body.version).toBe(3);
    for (const r of [a, upd, rotated, v2, v3, await cfg.api("GET", "/config/tables/rates/records", tokens.liuyang)]) {
      expect(JSON.stringify(r.body)).not.toMatch(/s3cr3t-value|new-secret/);
    }
    const { data } = s.system.config;
    const table = (await data.getTable("rates"))!;
    expect((await data.stateAt(table, 3, { reveal: true }))[0]!.values.token).toBe("new-secret");
    expect((await data.stateAt(table, 2))[0]!.values.token).toBe("••••••");
  });

  it("answers 409 on a stale If-Match and changes nothing", async () => {
    const got = await cfg.api("GET", "/config/tables/rates/records/WEB_STD", tokens.liuyang);
    expect(got.headers.get("etag")).toBe('"3"');
    const stale = await cfg.update(tokens.liuyang!, "rates", "WEB_STD", { name: "改名" }, "改名", { "if-match": '"2"' });
    expect(stale.status).toBe(409);
    const fresh = await cfg.update(tokens.liuyang!, "rates", "WEB_STD", { name: "改名" }, "改名", { "if-match": '"3"' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(4);
  });

  it("checks unique within one batch (ConfigData.apply) and names changes[i]", async () => {
    const { data } = s.system.config;
    const table = (await data.getTable("rates"))!;
    const admin = { kind: "system", reason: "test", locale: "zh-CN" } as const;
    const before = await cfg.counts();
    const problems = await data.check(table, [
      { op: "create", values: { code: "B1", name: "b1", alias: "same" } },
      { op: "create", values: { code: "B2", name: "b2", alias: "same" } },
      { op: "create", values: { code: "B1", name: "b1 again" } },
    ], admin);
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(["changes[2].values.code", "changes[1].values.alias"]));
    await expect(data.apply(table, [
      { op: "create", values: { code: "B1", name: "b1", alias: "same" } },
      { op: "create", values: { code: "B2", name: "b2", alias: "same" } },
    ], { actor: admin, reason: "batch", kind: "change_set" })).rejects.toMatchObject({ status: 422, code: "config.invalid" });
    expect(await cfg.counts()).toEqual(before);
    const ok = await data.apply(table, [
      { op: "create", values: { code: "B1", name: "b1" } },
      { op: "create", values: { code: "B2", name: "b2" } },
    ], { actor: admin, reason: "batch", kind: "change_set" });
    expect(ok.version).toBe(5);
    expect(ok.diff.map((d) => `${d.op}:${d.key}`)).toEqual(["added:B1", "added:B2"]);
  });

  it("lists versions newest first, diffs any two, rolls back as a new version", async () => {
    const del = await cfg.remove(tokens.liuyang!, "rates", "B2", "不要了");
    expect(del.status).toBe(200);
    expect(del.body.version).toBe(6);
    const list = await cfg.api("GET", "/config/tables/rates/versions", tokens.liuyang);
    expect(list.body.data.items.map((v: { version: number }) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(list.body.data.items[0]).toMatchObject({ kind: "delete", reason: "不要了", summary: { added: 0, changed: 0, removed: 1 } });
    const d = await cfg.api("GET", "/config/tables/rates/versions/diff?from=1&to=6", tokens.liuyang);
    expect(d.body.data.diff.map((e: { key: string; op: string }) => `${e.op}:${e.key}`)).toEqual(["added:B1", "changed:WEB_STD"]);
    const json = await cfg.update(tokens.liuyang!, "rates", "WEB_STD", { rollout: { percent: 50 } });
    const jd = await cfg.api("GET", `/config/tables/rates/versions/${json.body.version}`, tokens.liuyang);
    expect(jd.body.data.diff[0].fields[0].json).toEqual([{ path: "/percent", op: "change", before: 10, after: 50 }]);
    // 运营专员 has no config:publish
    expect((await cfg.api("POST", "/config/tables/rates/versions/1/rollback", tokens.lina, { reason: "回滚" })).status).toBe(403);
    expect((await cfg.api("POST", "/config/tables/rates/versions/1/rollback", tokens.zhangwei, {})).status).toBe(422);
    const rb = await cfg.api("POST", "/config/tables/rates/versions/1/rollback", tokens.zhangwei, { reason: "回到最初" });
    expect(rb.status).toBe(200);
    expect(rb.body.data).toMatchObject({ version: 8, restored_version: 1 });
    const state = await cfg.api("GET", "/config/tables/rates/versions/diff?from=1&to=8", tokens.liuyang);
    expect(state.body.data.diff).toEqual([]);
    const v8 = (await cfg.api("GET", "/config/tables/rates/versions?page_size=1", tokens.liuyang)).body.data.items[0];
    expect(v8).toMatchObject({ version: 8, kind: "rollback", restored_version: 1 });
    const { data } = s.system.config;
    expect((await data.stateAt((await data.getTable("rates"))!, 8, { reveal: true }))[0]!.values.token).toBe("s3cr3t-value");
  });

  it("refuses field changes that would break existing records, allows harmless ones", async () => {
    const t = (await cfg.api("GET", "/config/tables/rates", tokens.liuyang)).body.data;
    const retype = t.fields.map((f: { key: string }) => (f.key === "name" ? { ...f, type: "number", max_length: undefined } : f));
    const r1 = await cfg.api("PATCH", "/config/tables/rates", tokens.liuyang, { fields: retype });
    expect(r1.status).toBe(400);
    expect(fields(r1.body)).toEqual(["fields[1].type"]);
    const required = t.fields.map((f: { key: string }) => (f.key === "starts_on" ? { ...f, required: true } : f));
    const r2 = await cfg.api("PATCH", "/config/tables/rates", tokens.liuyang, { fields: required });
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0]).toMatchObject({ field: "fields[5].required" });
    const added = [...t.fields.map((f: { key: string; label: string }) => (f.key === "name" ? { ...f, label: "显示名" } : f)), { key: "note", type: "textarea", label: "说明" }];
    const r3 = await cfg.api("PATCH", "/config/tables/rates", tokens.liuyang, { fields: added });
    expect(r3.status).toBe(200);
    expect(r3.body.data.fields).toHaveLength(12);
  });

  it("checks references against the other table's live keys; archives a table only once nothing references it", async () => {
    await cfg.createTable(tokens.liuyang!, { name: "regions", display_name: "地区", key_field: "code", fields: [{ key: "code", type: "text", label: "编码", required: true, unique: true }] });
    await cfg.create(tokens.liuyang!, "regions", { code: "east" });
    const shops = await cfg.createTable(tokens.liuyang!, {
      name: "shops", display_name: "门店", key_field: "id",
      fields: [{ key: "id", type: "number", label: "编号", required: true, unique: true }, { key: "region", type: "reference", label: "地区", reference: { table: "regions" } }],
    });
    expect(shops.status).toBe(201);
    const bad = await cfg.create(tokens.liuyang!, "shops", { id: 1, region: "west" });
    expect(bad.body.errors).toEqual([{ field: "values.region", message: "「地区」：被引用的记录「west」不存在" }]);
    expect((await cfg.create(tokens.liuyang!, "shops", { id: 1, region: "east" })).status).toBe(201);
    const refused = await cfg.api("DELETE", "/config/tables/regions", tokens.liuyang);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toBe("配置表「regions」仍被「shops」引用，不能删除");
    expect((await cfg.api("DELETE", "/config/tables/shops", tokens.liuyang)).status).toBe(200);
    expect((await cfg.api("GET", "/config/tables/shops", tokens.liuyang)).status).toBe(404);
    expect((await cfg.api("DELETE", "/config/tables/regions", tokens.liuyang)).status).toBe(200);
    const audit = await cfg.api("GET", "/audit/logs?module=config&action=tables.delete", tokens.admin);
    // the refused attempt is audited too (as a failure); the two archives name their table
    expect(audit.body.data.items.map((a: { resource_id: string | null }) => a.resource_id).filter(Boolean).sort()).toEqual(["regions", "shops"]);
    expect(audit.body.data.total).toBe(3);
  });

  it("keeps records to read_roles and write_roles", async () => {
    await cfg.createTable(tokens.admin!, {
      name: "secret-ops", display_name: "运维私有", key_field: "k", read_roles: ["developer"], write_roles: ["developer"],
      fields: [{ key: "k", type: "text", label: "键", required: true, unique: true }],
    });
    expect((await cfg.api("GET", "/config/tables/secret-ops", tokens.lina)).status).toBe(404);
    expect((await cfg.api("GET", "/config/tables", tokens.lina)).body.data.items.map((x: { name: string }) => x.name)).toEqual(["rates"]);
    expect((await cfg.create(tokens.zhangwei!, "secret-ops", { k: "a" })).status).toBe(404);
    expect((await cfg.create(tokens.liuyang!, "secret-ops", { k: "a" })).status).toBe(201);
    // 审计人员 reads but holds no config:edit
    expect((await cfg.create(tokens.chenjing!, "rates", { code: "X", name: "x" })).status).toBe(403);
  });
});
