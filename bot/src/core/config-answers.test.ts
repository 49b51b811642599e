import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/** config get / diff through the web console: the real config API as the caller (its RBAC, read roles, secrets masked). */
let h: BotHarness;
let admin: string;
beforeAll(async () => {
  h = await startBotHarness();
  admin = await h.login("admin");
  const table = await h.req("POST", "/api/v1/config/tables", {
    token: admin,
    body: {
      name: "fees", display_name: "手续费", key_field: "code", needs_approval: false,
      fields: [
        { key: "code", type: "text", label: "编码", required: true, unique: true },
        { key: "rate", type: "decimal", label: "费率", scale: 4, min: 0, max: 1 },
        { key: "channel", type: "select", label: "渠道", options: [{ value: "web", label: "网页" }, { value: "app", label: "App" }] },
        { key: "enabled", type: "switch", label: "启用" },
        { key: "token", type: "text", label: "密钥", secret: true },
        { key: "remark", type: "textarea", label: "备注" },
      ],
    },
  });
  expect(table.status, JSON.stringify(table.body)).toBe(201);
  const create = (values: Record<string, unknown>) => h.req("POST", "/api/v1/config/tables/fees/records", { token: admin, body: { values, reason: "初始化" } });
  for (let i = 0; i < 11; i++) expect((await create({ code: `CH${String(i).padStart(2, "0")}`, rate: "0.0100", channel: "web", enabled: false })).status).toBe(201);
  const alipay = await create({ code: "ALIPAY", rate: "0.0300", channel: "app", enabled: true, token: "s3cr3t-token", remark: "说明".repeat(150) });
  expect(alipay.status).toBe(201);
  const changed = await h.req("PATCH", "/api/v1/config/tables/fees/records/ALIPAY", { token: admin, body: { values: { rate: "0.0350", enabled: false }, reason: "双十二调价" } });
  expect(changed.status).toBe(200);
  // a table only 运营主管 may read
  const secret = await h.req("POST", "/api/v1/config/tables", {
    token: admin,
    body: { name: "payouts", display_name: "结算", key_field: "code", read_roles: ["ops_manager"], fields: [{ key: "code", type: "text", label: "编码", required: true, unique: true }] },
  });
  expect(secret.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type WebCard = { header: { title: string; subtitle?: string; tone: string }; blocks: Array<Record<string, unknown>>; link?: string };
const say = async (token: string, text: string, lang = "zh-CN") =>
  (await h.req("POST", `/api/v1/chat/commands?lang=${lang}`, { token, body: { text } })).body.data.cards as WebCard[];
const text = (c: unknown) => JSON.stringify(c);

describe("chat: config get", () => {
  it("lists the newest 10 records with the count and a link; one record's fields with the secret masked and long values cut", async () => {
    const [list] = await say(admin, "配置 查看 fees");
    expect(list!.header).toMatchObject({ title: "配置表 手续费（fees）", subtitle: "共 12 条 · 版本 13" });
    const table = list!.blocks.find((b) => b.type === "table") as { rows: Array<Record<string, string>>; columns: Array<{ label: string }> };
    expect(table.rows).toHaveLength(10);
    expect(table.columns.map((c) => c.label)).toEqual(["编码", "费率", "渠道", "更新"]);
    // newest first: the record changed last
    expect(table.rows[0]).toMatchObject({ key: "ALIPAY", f_rate: "0.0350", f_channel: "App" });
    expect(text(list)).toContain("只显示最新 10 条，共 12 条");
    expect(text(list)).toContain('"url":"/config/fees"');

    const [record] = await say(admin, "config get fees ALIPAY", "en");
    expect(record!.header.title).toBe("手续费 (fees) · ALIPAY");
    expect(record!.header.subtitle).toContain("Version 13 · updated by");
    const fields = (record!.blocks.find((b) => b.type === "fields") as { fields: Array<{ label: string; value: string }> }).fields;
    expect(fields).toEqual(expect.arrayContaining([
      { label: "费率", value: "0.0350" }, { label: "渠道", value: "App" }, { label: "启用", value: "No" }, { label: "密钥", value: "••••••" },
    ]));
    expect(text(record)).not.toContain("s3cr3t-token");
    const remark = fields.find((f) => f.label === "备注")!.value;
    expect(Array.from(remark)).toHaveLength(200);
    expect(remark.endsWith("…")).toBe(true);
    expect(text(record)).toContain("Long values are cut; the full record has them whole");
    expect(text(record)).toContain('"url":"/config/fees/records/ALIPAY"');
  });

  it("names an unknown table or record, and keeps the table's read roles", async () => {
    expect(text(await say(admin, "config get nosuch"))).toContain("配置表「nosuch」不存在，或你无权查看");
    expect(text(await say(admin, "config get fees NOPE"))).toContain("配置表「fees」中没有记录「NOPE」");
    const lina = await h.login("lina");
    const refused = text(await say(lina, "config get payouts"));
    expect(refused).not.toContain("配置表 结算");
    expect(refused).toMatch(/不存在|无权|没有权限/);
    expect(text(await say(await h.login("zhangwei"), "config get payouts"))).toContain("配置表 结算（payouts）");
  });
});

describe("chat: config diff", () => {
  it("compares the last two versions when nothing is pending, or the range asked for, field by field", async () => {
    const [last] = await say(admin, "配置 对比 fees");
    expect(last!.header).toMatchObject({ title: "配置对比：手续费（fees）", subtitle: "版本 12 → 13 · +0 ~1 -0" });
    const diff = last!.blocks.find((b) => b.type === "diff") as { rows: Array<{ key: string; before: string | null; after: string | null }> };
    expect(diff.rows).toEqual(expect.arrayContaining([
      { key: "ALIPAY · 费率", before: "0.0300", after: "0.0350" },
      { key: "ALIPAY · 启用", before: "true", after: "false" },
    ]));
    expect(text(last)).toContain('"url":"/config/fees/history?from=12&to=13"');

    const [range] = await say(admin, "config diff fees 10..13", "en");
    expect(range!.header).toMatchObject({ title: "Config diff: 手续费 (fees)", subtitle: "Version 10 → 13 · +2 ~0 -0" });
    // the added record's secret stays masked in a diff too
    expect(text(range)).not.toContain("s3cr3t-token");

    expect(text(await say(admin, "config diff fees 3..x"))).toContain("版本范围不对");
    expect(text(await say(admin, "config diff nosuch"))).toContain("配置表「nosuch」不存在");
  });
});
