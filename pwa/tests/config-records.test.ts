/**
 * Config center data pages in a real browser, one server: admin designs a table with several field
 * types (a bad regex refused at fields[0].regex first), adds a record (a value that misses the key's
 * regex is refused under 编码 and nothing is stored; JSON that does not parse is caught before
 * sending), edits it, meets 该记录已被他人修改 when someone saved in between, and searches. CodeMirror
 * and Squire run under the Content-Security-Policy without a violation. On a phone the list is cards
 * with the first fields only, and a needs-approval table's save shows 已提交审批 with the change set's link.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, PHONE, pick, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
/** A 1×1 PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
type Paged = { items: Array<{ key: string; values: Record<string, unknown>; version: number }>; total: number };

/** Collects CSP violations reported in the page and on the console. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  await page.context().exposeBinding("__cspViolation", (_s, text: string) => void violations.push(text));
  await page.context().addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  return violations;
}

/** The error text shown in the field whose input is named `name`. */
const fieldError = (page: Page, name: string) => page.locator(`.field:has([name="${name}"]) .field__error, [data-field="${name}"] .field__error`).first();

async function addField(page: Page, i: number, key: string, label: string, type: string) {
  await page.locator('[data-testid="field-add"]').click();
  await page.locator(`input[name="fields[${i}].key"]`).fill(key);
  await page.locator(`input[name="fields[${i}].label"]`).fill(label);
  await pick(page, `fields[${i}].type`, type);
}

const records = async (api: Api, table: string, q = "") =>
  (await api<Paged>("GET", `/config/tables/${table}/records${q ? `?q=${encodeURIComponent(q)}` : ""}`)).body.data;

describe.skipIf(!HAS_DIST)("PWA: config center tables, designer, records", () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("designs a table, adds (refused, then saved), edits (a conflict, then saved) and searches records", async () => {
    const b = await openBrowser(DESKTOP);
    const violations = await watchCsp(b.page);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/config`);
      await page.locator('[data-testid="config-tables-page"]').waitFor();
      await page.locator('[data-testid="config-table-create"]').click();
      await page.locator('[data-testid="config-designer"]').waitFor();
      await page.locator('input[name="name"]').fill("pwa-rates");
      await page.locator('input[name="display_name"]').fill("PWA 费率");
      await page.locator('input[name="fields[0].label"]').fill("编码");
      await page.locator('input[name="fields[0].regex"]').fill("^[A-Z]{3");
      await page.locator('input[name="fields[0].regex_message"]').fill("编码须为三个大写字母");
      await addField(page, 1, "rate", "费率", "小数");
      await page.locator('input[name="fields[1].scale"]').fill("4");
      await page.locator('input[name="fields[1].min"]').fill("0");
      await page.locator('input[name="fields[1].max"]').fill("1");
      await addField(page, 2, "channel", "渠道", "单选");
      for (const [i, [value, label]] of [["app", "App"], ["web", "Web"]].entries()) {
        await page.locator('[data-key="channel"] [data-testid="option-add"]').click();
        await page.locator(`input[name="fields[2].options[${i}].value"]`).fill(value!);
        await page.locator(`input[name="fields[2].options[${i}].label"]`).fill(label!);
      }
      await addField(page, 3, "enabled", "启用", "开关");
      await addField(page, 4, "rollout", "灰度规则", "JSON");
      await addField(page, 5, "remark", "备注", "富文本");
      // reorder: 备注 up above 灰度规则, then back down
      await page.locator('[data-testid="designer-field"]').nth(5).locator('[data-testid="field-up"]').click();
      await expect.poll(() => page.locator('input[name="fields[4].key"]').inputValue()).toBe("remark");
      await page.locator('[data-testid="designer-field"]').nth(4).locator('[data-testid="field-down"]').click();
      await expect.poll(() => page.locator('input[name="fields[5].key"]').inputValue()).toBe("remark");

      // the server refuses the regex, under the regex input; nothing is created
      await page.locator('[data-testid="designer-save"]').click();
      await fieldError(page, "fields[0].regex").waitFor();
      expect((await admin("GET", "/config/tables/pwa-rates")).status).toBe(404);
      await page.locator('input[name="fields[0].regex"]').fill("^[A-Z]{3}$");
      await page.locator('[data-testid="designer-save"]').click();
      await page.locator('[data-testid="config-records-page"]').waitFor();
      const table = (await admin<{ fields: Array<{ key: string; type: string }>; key_field: string }>("GET", "/config/tables/pwa-rates")).body.data;
      expect(table.fields.map((f) => `${f.key}:${f.type}`)).toEqual(["code:text", "rate:decimal", "channel:select", "enabled:switch", "rollout:json", "remark:richtext"]);
      expect(table.key_field).toBe("code");

      // a new record: the key misses its regex → the field's own message, nothing stored
      await page.locator('[data-testid="record-create"]').click();
      await page.locator('[data-testid="config-record-form"]').waitFor();
      await page.locator('input[name="values.code"]').fill("abc");
      await page.locator('input[name="values.rate"]').fill("0.0500");
      await pick(page, "values.channel", "App");
      await page.locator('[data-field="values.enabled"] label').click();
      const json = page.locator('[data-field="values.rollout"] .cm-content');
      await json.waitFor();
      await json.fill('{"percent": 10');
      await page.locator('[data-testid="json-parse-error"]').waitFor();
      await page.locator('textarea[name="reason"]').fill("初始化费率");
      await page.locator('[data-testid="record-save"]').click();
      // caught in the browser: nothing was sent
      expect((await records(admin, "pwa-rates")).total).toBe(0);
      await json.fill('{"percent": 10}');
      await expect.poll(() => page.locator('[data-testid="json-parse-error"]').count()).toBe(0);
      const rich = page.locator('[data-field="values.remark"] [data-testid="rich-text"]');
      await rich.click();
      await page.keyboard.type("首发渠道");
      await page.locator('[data-testid="record-save"]').click();
      await fieldError(page, "values.code").filter({ hasText: "编码须为三个大写字母" }).waitFor();
      expect((await records(admin, "pwa-rates")).total).toBe(0);
      await page.locator('input[name="values.code"]').fill("ABC");
      await page.screenshot({ path: join(SHOTS, "config-record-form.png"), fullPage: true });
      await page.locator('[data-testid="record-save"]').click();
      await page.locator('[data-testid="config-records-page"]').waitFor();
      await page.locator('[data-testid="record-open"][data-key="ABC"]').waitFor();
      const saved = (await records(admin, "pwa-rates")).items[0]!;
      expect(saved.values).toMatchObject({ code: "ABC", channel: "app", enabled: true, rollout: { percent: 10 } });
      expect(String(saved.values.rate)).toMatch(/^0\.05/);
      expect(String(saved.values.remark)).toContain("首发渠道");

      // edit: someone else saves first → 409 and a reload; then the edit goes through
      await page.locator('[data-testid="record-open"][data-key="ABC"]').click();
      await page.locator('[data-testid="config-record-form"]').waitFor();
      const other = await admin("PATCH", "/config/tables/pwa-rates/records/ABC", { values: { rate: "0.0700" }, reason: "同事调整" });
      expect(other.status, JSON.stringify(other.body)).toBe(200);
      await page.locator('input[name="values.rate"]').fill("0.0600");
      await page.locator('textarea[name="reason"]').fill("下调费率");
      await page.locator('[data-testid="record-save"]').click();
      await page.locator('[data-testid="record-conflict"]', { hasText: "该记录已被他人修改" }).waitFor();
      await page.locator('[data-testid="record-reload"]').click();
      await expect.poll(() => page.locator('input[name="values.rate"]').inputValue()).toMatch(/^0\.07/);
      await page.locator('input[name="values.rate"]').fill("0.0600");
      await page.locator('textarea[name="reason"]').fill("下调费率");
      await page.locator('[data-testid="record-save"]').click();
      await page.locator('[data-testid="config-records-page"]').waitFor();
      await page.locator('[data-testid="config-records-table"] [data-col="rate"]', { hasText: "0.06" }).waitFor();

      // search
      const second = await admin("POST", "/config/tables/pwa-rates/records", { values: { code: "XYZ", rate: "0.1000", channel: "web", enabled: false }, reason: "第二条" });
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      await page.reload();
      const rows = page.locator('[data-testid="config-records-table"] [data-testid="record-open"]');
      await rows.first().waitFor();
      await expect.poll(() => rows.count()).toBe(2);
      await page.locator('[data-testid="record-filters"] input[name="q"]').fill("XYZ");
      await page.locator('[data-testid="record-search"]').click();
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getAttribute("data-key")).toBe("XYZ");
      expect(page.url()).toContain("q=XYZ");
      await page.screenshot({ path: join(SHOTS, "config-records.png"), fullPage: true });

      // the tables list: the new table, applying at once, with its two records
      await page.goto(`${server.url}/config`);
      const row = page.locator('[data-testid="config-tables-table"] .table__row', { has: page.locator('[data-table="pwa-rates"]') });
      await row.locator('[data-col="version"]', { hasText: "2 条" }).waitFor();
      expect(await row.locator('[data-testid="config-approval-badge"]').innerText()).toBe("直接生效");
      expect(violations).toEqual([]);
    } finally {
      await b.close();
    }
  }, 180_000);

  it("exports, imports after a dry-run report of row errors, and saves an uploaded image", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // the designer on a table with records: an optional field added, the name fixed
      await page.goto(`${server.url}/config/pwa-rates/design`);
      await page.locator('[data-testid="config-designer"]').waitFor();
      expect(await page.locator('input[name="name"]').isDisabled()).toBe(true);
      await expect.poll(() => page.locator('[data-testid="designer-field"]').count()).toBe(6);
      await addField(page, 6, "owner", "负责人", "用户");
      await page.locator('[data-testid="designer-save"]').click();
      await page.locator('[data-testid="config-records-page"]').waitFor();
      const fields = (await admin<{ fields: Array<{ key: string }> }>("GET", "/config/tables/pwa-rates")).body.data.fields;
      expect(fields.map((f) => f.key)).toEqual(["code", "rate", "channel", "enabled", "rollout", "remark", "owner"]);

      await page.locator('[data-testid="record-open"]').first().waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="records-export-csv"]').click()]);
      const csv = readFileSync((await download.path())!, "utf8");
      expect(csv.split(/\r?\n/)[0]).toContain("code");
      expect(csv).toContain("ABC");

      // a file with a rate above 1: the check lists that row's error and stores nothing
      await page.locator('[data-testid="records-import-open"]').click();
      const dialog = page.locator('[data-testid="records-import"]');
      const file = (rate: string) => ({ name: "rates.csv", mimeType: "text/csv", buffer: Buffer.from(`code,rate,channel,enabled\nQQQ,${rate},web,true\n`) });
      await dialog.locator('[data-testid="records-import-file"]').setInputFiles(file("2"));
      await dialog.locator('[data-testid="records-import-check"]').click();
      await dialog.locator('[data-testid="records-import-errors"] [data-label="字段"]', { hasText: "rate" }).waitFor();
      expect((await records(admin, "pwa-rates")).total).toBe(2);
      await dialog.locator('[data-testid="records-import-file"]').setInputFiles(file("0.2"));
      await dialog.locator('[data-testid="records-import-check"]').click();
      await dialog.locator('[data-testid="records-import-report"]', { hasText: "新增 1" }).waitFor();
      await dialog.locator('[data-testid="records-import-apply"]').click();
      await fieldError(page, "reason").filter({ hasText: "请填写修改原因" }).waitFor();
      await dialog.locator('input[name="reason"]').fill("批量导入");
      await dialog.locator('[data-testid="records-import-apply"]').click();
      await page.locator('[data-testid="record-open"][data-key="QQQ"]').waitFor();
      expect((await records(admin, "pwa-rates")).total).toBe(3);

      // an image field: upload, preview, save; the record holds the upload's key
      const brand = await admin("POST", "/config/tables", {
        name: "pwa-brand", display_name: "PWA 品牌", key_field: "code",
        fields: [{ key: "code", type: "text", label: "编码", required: true, unique: true }, { key: "logo", type: "image", label: "标志" }],
      });
      expect(brand.status, JSON.stringify(brand.body)).toBe(201);
      await page.goto(`${server.url}/config/pwa-brand/records/new`);
      await page.locator('input[name="values.code"]').fill("B1");
      await page.locator('[data-field="values.logo"] [data-testid="image-input"]').setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from(PNG, "base64") });
      await page.locator('[data-field="values.logo"] [data-testid="image-preview"]').waitFor();
      expect(await page.locator('[data-testid="image-preview"]').getAttribute("src")).toMatch(/^blob:/);
      await page.locator('textarea[name="reason"]').fill("上传标志");
      await page.locator('[data-testid="record-save"]').click();
      await page.locator('[data-testid="record-open"][data-key="B1"]').waitFor();
      const logo = (await records(admin, "pwa-brand")).items[0]!.values.logo;
      expect(typeof logo === "string" && logo.length > 0).toBe(true);
    } finally {
      await b.close();
    }
  }, 150_000);

  it("on a phone: records as cards; a needs-approval table's save shows the change set", async () => {
    const created = await admin("POST", "/config/tables", {
      name: "pwa-approve", display_name: "PWA 审批表", needs_approval: true, key_field: "code",
      fields: [
        { key: "code", type: "text", label: "编码", required: true, unique: true },
        { key: "name", type: "text", label: "名称" },
        { key: "limit", type: "number", label: "额度", min: 0 },
        { key: "level", type: "select", label: "等级", options: [{ value: "a", label: "A" }, { value: "b", label: "B" }] },
        { key: "owner", type: "user", label: "负责人" },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // the phone list of a table with records: cards, the key on top, later fields left for wide screens
      await page.goto(`${server.url}/config/pwa-rates`);
      const card = page.locator('[data-testid="config-records-table"] .table__row').first();
      await card.waitFor();
      expect(await page.locator('[data-testid="config-records-table"] thead').isVisible()).toBe(false);
      expect(await card.locator("td.table__primary").innerText()).toMatch(/ABC|XYZ/);
      expect(await card.locator('td[data-label="渠道"]').isVisible()).toBe(true);
      expect(await card.locator('td[data-label="灰度规则"]').isVisible()).toBe(false);
      await page.screenshot({ path: join(SHOTS, "config-records-phone.png"), fullPage: true });
      const box = await card.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(PHONE.width);

      // a needs-approval table: the save is a change set waiting for approval
      await page.goto(`${server.url}/config/pwa-approve/records/new`);
      await page.locator('[data-testid="config-record-form"]').waitFor();
      await page.locator('input[name="values.code"]').fill("P01");
      await page.locator('input[name="values.name"]').fill("首批");
      await page.locator('input[name="values.limit"]').fill("100");
      await page.locator('textarea[name="reason"]').fill("新增额度");
      await page.locator('[data-testid="record-save"]').click();
      const notice = page.locator('[data-testid="record-proposed"]');
      await notice.waitFor();
      expect(await notice.innerText()).toContain("已提交审批");
      const href = await notice.locator('[data-testid="change-set-link"]').getAttribute("href");
      expect(href).toMatch(/^\/config\/change-sets\/.+/);
      // nothing applied yet
      expect((await records(admin, "pwa-approve")).total).toBe(0);
    } finally {
      await b.close();
    }
  }, 120_000);
});
