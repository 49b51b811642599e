import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigChangeSet } from "@ops/shared/contracts/config.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { configApi } from "./config.testkit.ts";

const TABLE = {
  name: "limits", display_name: "限额", key_field: "code", owner_department_id: null as string | null,
  fields: [
    { key: "code", type: "text", label: "编码", required: true, unique: true },
    { key: "amount", type: "number", label: "限额", required: true, min: 0 },
    { key: "tags", type: "multiselect", label: "标签", options: [{ value: "a", label: "A" }, { value: "b", label: "B" }] },
    { key: "api_key", type: "text", label: "API Key", secret: true },
    { key: "logo", type: "image", label: "图标" },
  ],
};
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const csvFile = (text: string) => new File([text], "limits.csv", { type: "text/csv" });

describe.each(ENGINES)("config: import/export, images, data scopes, approval gate (%s)", (engine) => {
  let s: TestSystem;
  let cfg: ReturnType<typeof configApi>;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    cfg = configApi(s);
    for (const u of ["admin", "zhangwei", "zhoujie", "zhengyu", "lina", "liuyang"]) tokens[u] = await s.login(u);
    expect((await cfg.createTable(tokens.liuyang!, TABLE)).status).toBe(201);
    await cfg.create(tokens.liuyang!, "limits", { code: "L1", amount: 10, api_key: "k-one-secret" });
  }, 120_000);
  afterAll(() => s?.close());

  it("dry-runs an import: a report with row errors, nothing stored", async () => {
    const before = await cfg.counts();
    const r = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/records/import", {
      file: csvFile("编码,amount,tags\nL1,20,a\nL2,-5,c\nL3,7,\"a,b\"\nL3,8,\n"), dry_run: "1",
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ rows: 4, to_create: 3, to_update: 1, to_delete: 0 });
    expect(r.body.data.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(expect.arrayContaining(["2:amount", "2:tags", "4:code"]));
    const refused = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/records/import", {
      file: csvFile("编码,amount,tags\nL1,20,a\nL2,-5,c\n"), reason: "批量导入",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.data.errors.length).toBeGreaterThan(0);
    const unknown = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/records/import", { file: csvFile("code,nope\nL9,1\n"), dry_run: "1" });
    expect(unknown.body.data.errors[0]).toMatchObject({ row: 0, field: "nope" });
    expect(await cfg.counts()).toEqual(before);
  });

  it("imports all rows as one version, replace deletes what the file lacks; the secret kept through the mask", async () => {
    const up = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/records/import", {
      file: csvFile("code,amount,tags,api_key\nL1,20,a,••••••\nL2,30,\"a,b\",\nL3,40,,k-three\n"), reason: "批量导入",
    });
    expect(up.status).toBe(200);
    expect(up.body.data).toMatchObject({ rows: 3, to_create: 2, to_update: 1, version: 2 });
    const versions = await cfg.api("GET", "/config/tables/limits/versions", tokens.liuyang);
    expect(versions.body.data.items[0]).toMatchObject({ version: 2, kind: "import", summary: { added: 2, changed: 1, removed: 0 } });
    const { data } = s.system.config;
    const state = await data.stateAt((await data.getTable("limits"))!, 2, { reveal: true });
    expect(state.find((r) => r.key === "L1")!.values).toMatchObject({ amount: 20, api_key: "k-one-secret", tags: ["a"] });
    const replace = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/records/import", {
      file: csvFile("code,amount\nL1,20\nL2,30\n"), mode: "replace", reason: "只留两条",
    });
    expect(replace.body.data).toMatchObject({ to_delete: 1, version: 3 });
    expect((await cfg.api("GET", "/config/tables/limits/records", tokens.liuyang)).body.data.items.map((r: { key: string }) => r.key)).toEqual(["L1", "L2"]);
  });

  it("exports CSV and XLSX with secrets masked; the XLSX imports back cleanly", async () => {
    const csv = await cfg.api("GET", "/config/tables/limits/records/export?format=csv", tokens.liuyang);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain("code,amount,tags,api_key,logo");
    expect(csv.body).toContain("L1,20,a,••••••,");
    expect(csv.body).not.toContain("k-one-secret");
    const res = await s.system.app.request("/api/v1/config/tables/limits/records/export?format=xlsx", { headers: { authorization: `Bearer ${tokens.liuyang}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).getCell(4).value).toBe("••••••");
    const back = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/records/import", {
      file: new File([bytes], "limits.xlsx"), dry_run: "1",
    });
    expect(back.body.data).toMatchObject({ rows: 2, to_update: 2, errors: [] });
    const audit = await cfg.api("GET", "/audit/logs?module=config&action=records.export", tokens.admin);
    expect(audit.body.data.total).toBe(2);
  });

  it("takes images by their bytes, and an image field takes only this table's uploads", async () => {
    const bad = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/uploads", { file: new File(["<svg/>"], "x.png", { type: "image/png" }) });
    expect(bad.status).toBe(422);
    const ok = await cfg.multipart(tokens.liuyang!, "/config/tables/limits/uploads", { file: new File([PNG], "logo.png") });
    expect(ok.status).toBe(201);
    expect(ok.body.data.url).toBe(`/api/v1/config/tables/limits/uploads/${ok.body.data.key}`);
    const img = await s.system.app.request(ok.body.data.url, { headers: { authorization: `Bearer ${tokens.lina}` } });
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(PNG);
    expect((await cfg.update(tokens.liuyang!, "limits", "L1", { logo: "not-an-upload" })).body.errors[0].field).toBe("values.logo");
    expect((await cfg.update(tokens.liuyang!, "limits", "L1", { logo: ok.body.data.key })).status).toBe(200);
  });

  it("keeps records of a table with an owner department to each reader's data scope", async () => {
    const ops = await s.system.db.get<{ id: string }>("SELECT id FROM departments WHERE name = '运营中心'");
    await cfg.createTable(tokens.admin!, { ...TABLE, name: "ops-limits", owner_department_id: ops!.id });
    const mine = await cfg.create(tokens.zhoujie!, "ops-limits", { code: "OPS1", amount: 1 });
    expect(mine.status).toBe(201);
    const theirs = await cfg.create(tokens.zhengyu!, "ops-limits", { code: "OPS2", amount: 2 });
    expect(theirs.body.data.department_id).not.toBe(mine.body.data.department_id);
    const keys = async (who: string) => (await cfg.api("GET", "/config/tables/ops-limits/records", tokens[who])).body.data.items.map((r: { key: string }) => r.key);
    expect(await keys("zhoujie")).toEqual(["OPS1"]);
    expect(await keys("lina")).toEqual(["OPS1"]);
    expect(await keys("zhangwei")).toEqual(["OPS1", "OPS2"]);
    expect((await cfg.api("GET", "/config/tables/ops-limits/records/OPS2", tokens.zhoujie)).status).toBe(404);
    expect((await cfg.update(tokens.zhoujie!, "ops-limits", "OPS2", { amount: 3 })).status).toBe(404);
    // filing a record under a department outside one's scope
    const other = await cfg.create(tokens.zhoujie!, "ops-limits", { code: "OPS3", amount: 3 }, "跨部门", { department_id: theirs.body.data.department_id });
    expect(other.status).toBe(403);
  });

  it("sends writes of an approval table to the gate (202, nothing applied) after the same checks", async () => {
    await cfg.createTable(tokens.admin!, { ...TABLE, name: "gated", needs_approval: true });
    const proposed: Array<{ table: string; changes: unknown[] }> = [];
    s.system.config.setGate({
      async propose(table, changes, meta) {
        proposed.push({ table: table.name, changes });
        return { id: "cs-1", table: table.name, status: "pending", changes, diff: [], reason: meta.reason, author_id: "x", approval_id: null,
          release_at: null, gray: null, emergency: false, version: null, release: null, error: null, created_at: "", updated_at: "" } satisfies ConfigChangeSet;
      },
      async applied() {},
    });
    const before = await cfg.counts();
    const bad = await cfg.create(tokens.liuyang!, "gated", { code: "G1", amount: -1 });
    expect(bad.status).toBe(422);
    expect(proposed).toEqual([]);
    const r = await cfg.create(tokens.liuyang!, "gated", { code: "G1", amount: 1 }, "需要审批");
    expect(r.status).toBe(202);
    expect(r.body.data).toMatchObject({ id: "cs-1", status: "pending" });
    expect(proposed).toEqual([{ table: "gated", changes: [{ op: "create", values: { code: "G1", amount: 1 }, department_id: null }] }]);
    expect(await cfg.counts()).toEqual(before);
  });

  it("prunes history past keep_history_days, keeping the newest and released versions readable", async () => {
    await cfg.createTable(tokens.admin!, { ...TABLE, name: "short", keep_history_days: 1 });
    s.system.config.setGate({ propose: async () => { throw new Error("no approval here"); }, applied: async () => {}, releasedVersions: async () => [2] });
    await cfg.create(tokens.liuyang!, "short", { code: "A", amount: 1 });
    await cfg.update(tokens.liuyang!, "short", "A", { amount: 2 });
    await cfg.create(tokens.liuyang!, "short", { code: "B", amount: 3 });
    s.clock.advance(2 * 86_400_000);
    for (const u of ["admin", "liuyang"]) tokens[u] = await s.login(u);
    await cfg.update(tokens.liuyang!, "short", "B", { amount: 4 });
    const list = await cfg.api("GET", "/config/tables/short/versions", tokens.liuyang);
    expect(list.body.data.items.map((v: { version: number }) => v.version)).toEqual([4, 2]);
    const v2 = await cfg.api("GET", "/config/tables/short/versions/2", tokens.liuyang);
    expect(v2.body.data.diff).toEqual([{ key: "A", op: "changed", fields: [expect.objectContaining({ field: "amount", before: 1, after: 2 })] }]);
    const d = await cfg.api("GET", "/config/tables/short/versions/diff?from=2&to=4", tokens.liuyang);
    expect(d.body.data.diff).toEqual([{ key: "B", op: "added", fields: expect.any(Array) }]);
    expect(d.body.data.diff[0].fields.find((f: { field: string }) => f.field === "amount").after).toBe(4);
  });
});

describe.each(ENGINES)("config demo (%s)", (engine) => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "config"] });
  }, 120_000);
  afterAll(() => s?.close());

  it("seeds four tables with history, rates behind approval and owned by 运营中心", async () => {
    const token = await s.login("zhangwei");
    const tables = await s.req("GET", "/api/v1/config/tables", { token });
    expect(tables.body.data.items.map((t: { name: string }) => t.name)).toEqual(["blacklist", "channels", "feature-flags", "rates"]);
    const rates = tables.body.data.items.find((t: { name: string }) => t.name === "rates");
    expect(rates).toMatchObject({ needs_approval: true, version: 3, owner_department_id: expect.any(String) });
    const versions = await s.req("GET", "/api/v1/config/tables/rates/versions", { token });
    expect(versions.body.data.items.map((v: { operator_name: string }) => v.operator_name)).toEqual(["张伟", "张伟", "张伟"]);
    const flags = await s.req("GET", "/api/v1/config/tables/feature-flags/records/checkout.v2", { token });
    expect(flags.body.data.values.rollout).toEqual({ percent: 50, regions: ["华东", "华南"] });
    // released in full: a consumer reads the newest version at once
    expect(rates.release).toBe(1);
    const published = await s.req("GET", "/api/v1/config/rates/published?consumer=demo-app", { token });
    expect(published.status).toBe(200);
    expect(published.body.data).toMatchObject({ release: 1, version: 3 });
    expect(published.body.data.records.find((r: { key: string }) => r.key === "APP_STD").values.rate).toBe("0.0050");
  });
});
