import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSmtp, type FakeSmtp } from "../../../../../scripts/fakes/smtp.ts";
import { IM_QUEUE, type ImDeliveryJob } from "../../notify/index.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { untilSignalled } from "../../../testing/until.ts";
import { DELIVERY_QUEUE } from "../exports/index.ts";
import { nextRunOf } from "./index.ts";

const EAST = ["上海", "杭州", "南京"];
const ticks = (wake: () => void) => {
  const timer = setInterval(wake, 25);
  return () => clearInterval(timer);
};

describe("subscription schedules (croner)", () => {
  it("computes daily, weekly and monthly firings in the subscription's zone", () => {
    const from = new Date("2026-12-04T12:00:00Z"); // a Friday, 20:00 in Shanghai
    expect(nextRunOf({ frequency: "daily", time: "08:30", time_zone: "Asia/Shanghai" }, from)?.toISOString()).toBe("2026-12-05T00:30:00.000Z");
    expect(nextRunOf({ frequency: "weekly", day: 1, time: "09:00", time_zone: "Asia/Shanghai" }, from)?.toISOString()).toBe("2026-12-07T01:00:00.000Z");
    expect(nextRunOf({ frequency: "weekly", day: 7, time: "09:00", time_zone: "Asia/Shanghai" }, from)?.toISOString()).toBe("2026-12-06T01:00:00.000Z");
    expect(nextRunOf({ frequency: "monthly", day: 1, time: "06:00", time_zone: "America/New_York" }, from)?.toISOString()).toBe("2027-01-01T11:00:00.000Z");
  });
});

describe.each(ENGINES)("report subscriptions and digests: each recipient's own rows (%s)", (engine) => {
  let s: TestSystem;
  let smtp: FakeSmtp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let subId = "";
  const api = (who: string, method: string, path: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tokens[who]!, body });

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    s = await createTestSystem({ engine, demoSeeders: ["company", "reports"], env: { SMTP_URL: smtp.url, SMTP_FROM: "OPS <ops@example.com>", OPS_PUBLIC_URL: "https://ops.example.com" } });
    s.system.notify.start();
    for (const u of ["admin", "zhangwei", "lina"]) tokens[u] = await s.login(u);
    for (const u of await s.system.db.all<{ id: string; username: string }>("SELECT id, username FROM users WHERE username IN ('lina', 'zhangwei')")) ids[u.username] = u.id;
    // lina reads chat on Slack: her digest goes there as a card
    await s.system.db.run("INSERT INTO user_identities (id, user_id, provider, subject, created_at) VALUES (?, ?, 'slack', 'U0LINA', ?)", ["ident-lina", ids.lina, new Date().toISOString()]);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });

  it("refuses bad subscriptions naming the field (nothing stored) and people without reports:subscribe", async () => {
    const base = { report_id: "sales-by-city", name: "日报", frequency: "daily", time: "08:00", recipients: [{ type: "user", id: "lina" }] };
    const zone = await api("zhangwei", "POST", "/report-subscriptions", { ...base, time_zone: "Mars/Olympus" });
    expect([zone.status, zone.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ["time_zone"]]);
    const weekly = await api("zhangwei", "POST", "/report-subscriptions", { ...base, frequency: "weekly" });
    expect(weekly.body.errors.map((e: { field: string }) => e.field)).toEqual(["day"]);
    const nobody = await api("zhangwei", "POST", "/report-subscriptions", { ...base, recipients: [{ type: "user", id: "no-such-user" }] });
    expect(nobody.body.errors.map((e: { field: string }) => e.field)).toEqual(["recipients[0].id"]);
    expect((await api("zhangwei", "POST", "/report-subscriptions", { ...base, time: "25:00" })).status).toBe(400);
    expect((await api("lina", "POST", "/report-subscriptions", base)).status).toBe(403);
    expect((await api("zhangwei", "GET", "/report-subscriptions")).body.data.total).toBe(0);
  });

  it("fires a due subscription once across two concurrent passes, one delivery per recipient", async () => {
    const created = await api("zhangwei", "POST", "/report-subscriptions", {
      report_id: "sales-by-city", name: "城市日报", frequency: "daily", time: "08:00", time_zone: "Asia/Shanghai",
      params: { period: "last_30_days" }, recipients: [{ type: "user", id: "lina" }, { type: "user", id: "zhangwei" }],
      channels: ["im", "email"], attach_xlsx: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    subId = created.body.data.id;
    const due = created.body.data.next_run_at as string;
    expect(new Date(due).getTime()).toBe(nextRunOf({ frequency: "daily", time: "08:00", time_zone: "Asia/Shanghai" }, s.clock.now())!.getTime());
    const passes = () => Promise.all([s.system.reports.delivery.subscriptions.duePass(), s.system.reports.delivery.subscriptions.duePass()]);
    expect(await passes()).toEqual([0, 0]);
    s.clock.set(new Date(new Date(due).getTime() + 1000));
    // sessions signed before the jump have expired on the test clock
    for (const u of ["zhangwei", "lina"]) tokens[u] = await s.login(u);
    const fired = await passes();
    expect(fired[0]! + fired[1]!).toBe(1);
    expect(await passes()).toEqual([0, 0]);
    const runs = await api("zhangwei", "GET", `/report-subscriptions/${subId}/runs`);
    expect(runs.body.data.items.map((r: { user_id: string; status: string }) => [r.user_id, r.status]).sort()).toEqual([[ids.lina, "queued"], [ids.zhangwei, "queued"]].sort());
    const after = await api("zhangwei", "GET", `/report-subscriptions/${subId}`);
    expect(new Date(after.body.data.next_run_at).getTime() - new Date(due).getTime()).toBe(86_400_000);
  });

  it("renders each digest as its recipient: lina's card and xlsx hold East China only, zhangwei's all regions; IM card and e-mail with attachments", async () => {
    for (let i = 0; i < 2; i++) {
      const job = await s.system.queue.reserve<{ runId: string }>(DELIVERY_QUEUE);
      expect(job).not.toBeNull();
      await s.system.reports.delivery.subscriptions.deliver(job!.payload);
      await s.system.queue.complete(job!);
    }
    const runs = await api("zhangwei", "GET", `/report-subscriptions/${subId}/runs`);
    expect(runs.body.data.items.map((r: { status: string; error: string | null }) => [r.status, r.error])).toEqual([["sent", null], ["sent", null]]);
    expect((await api("zhangwei", "GET", `/report-subscriptions/${subId}`)).body.data.last_status).toBe("ok");

    const cardOf = async (user: string) => {
      const n = await s.system.db.get<{ data: string }>("SELECT data FROM notifications WHERE user_id = ? AND type = 'reports.digest'", [ids[user]]);
      return JSON.parse(n!.data) as { card: string; table: { rows: Array<{ city: string }> }; metrics: Array<{ label: string; value: string }>; chartUrl: string; link: string };
    };
    const lina = await cardOf("lina");
    const boss = await cardOf("zhangwei");
    expect(lina.card).toBe("report-digest");
    expect(new Set(lina.table.rows.map((r) => r.city))).toEqual(new Set(EAST));
    expect(new Set(boss.table.rows.map((r) => r.city))).toEqual(new Set([...EAST, "广州", "深圳", "北京", "天津"]));
    expect(lina.metrics.map((m) => m.label)).toEqual(["成交额", "订单数"]);
    // amounts as the report's currency format shows them (¥1,234.56)
    const yuan = (v: string) => Number(v.replace(/^¥/, "").replace(/,/g, ""));
    expect(lina.metrics[0]!.value).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(yuan(lina.metrics[0]!.value)).toBeLessThan(yuan(boss.metrics[0]!.value));
    expect(lina.chartUrl).toMatch(/^https:\/\/ops\.example\.com\/api\/v1\/report-images\/[^/]+\.png$/);
    expect(lina.link).toBe("https://ops.example.com/reports/" + (await s.system.db.get<{ id: string }>("SELECT id FROM reports WHERE name = 'sales-by-city'"))!.id + "?period=last_30_days");

    // IM: lina's bound Slack account gets the report-digest card (the bot consumes this queue)
    let im: ImDeliveryJob | null = null;
    await untilSignalled([ticks], async () => (im = (await s.system.queue.reserve<ImDeliveryJob>(IM_QUEUE))?.payload ?? null) !== null, () => "lina's IM card", 20_000);
    expect(im!).toMatchObject({ userId: ids.lina, platform: "slack", externalUserId: "U0LINA", card: { kind: "report-digest" } });
    expect(new Set((im!.card.data.table as { rows: Array<{ city: string }> }).rows.map((r) => r.city))).toEqual(new Set(EAST));

    // e-mail: HTML with the chart inline and the recipient's own rows as xlsx
    const mails = await smtp.mail.waitFor(2, 20_000);
    const mail = mails.find((m) => m.to.includes("lina@example.com"))!;
    expect(mail.subject).toBe("各城市销售额 · 城市日报");
    // mailparser inlines a cid: image as a data: URL when the part is there
    expect(String(mail.parsed.html)).toMatch(/<img src="(cid:chart|data:image\/png;base64,)/);
    const chart = mail.parsed.attachments.find((a) => a.contentId?.includes("chart"));
    expect(chart?.contentType).toBe("image/png");
    const xlsx = mail.parsed.attachments.find((a) => a.filename?.endsWith(".xlsx"))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain("导出人 李娜");
    const cityCol = (sheet.getRow(2).values as string[]).indexOf("城市");
    const cities = new Set<string>();
    sheet.eachRow((row, n) => void (n > 2 && cities.add(String(row.getCell(cityCol).value))));
    expect(cities).toEqual(new Set(EAST));
  });

  it("serves the chart through its signed URL without a session; a wrong or expired token is refused", async () => {
    const data = JSON.parse((await s.system.db.get<{ data: string }>("SELECT data FROM notifications WHERE user_id = ? AND type = 'reports.digest'", [ids.lina]))!.data) as { chartUrl: string };
    const path = new URL(data.chartUrl).pathname;
    const png = await s.system.app.request(path);
    expect([png.status, png.headers.get("content-type")]).toEqual([200, "image/png"]);
    const forged = path.replace(/[A-Za-z0-9_-](\.png)$/, (m, ext: string) => (m[0] === "A" ? "B" : "A") + ext);
    expect((await s.system.app.request(forged)).status).toBe(403);
    expect((await s.system.app.request("/api/v1/report-images/nonsense.png")).status).toBe(403);
    s.clock.advance(8 * 86_400_000);
    const expired = await s.system.app.request(path);
    s.clock.advance(-8 * 86_400_000);
    expect(expired.status).toBe(403);
  });

  it("answers the bot's digest for the caller; run-now queues every recipient again; only its creator or a manager may touch it", async () => {
    const lina = await api("lina", "GET", "/reports/sales-by-city/digest?period=last_7_days");
    expect(lina.status, JSON.stringify(lina.body)).toBe(200);
    expect(new Set(lina.body.data.card.table.rows.map((r: { city: string }) => r.city))).toEqual(new Set(EAST));
    expect(lina.body.data.card.name).toBe("各城市销售额");
    expect(lina.body.data.card.period).toMatch(/^\d{4}-\d{2}-\d{2} ~ \d{4}-\d{2}-\d{2}$/);
    const run = await api("zhangwei", "POST", `/report-subscriptions/${subId}/run`);
    expect(run.body.data.recipients).toBe(2);
    expect((await api("lina", "POST", `/report-subscriptions/${subId}/run`)).status).toBe(403);
    const patched = await api("zhangwei", "PATCH", `/report-subscriptions/${subId}`, { frequency: "weekly", day: 1 });
    expect(patched.body.data).toMatchObject({ frequency: "weekly", day: 1 });
    expect(new Date(patched.body.data.next_run_at).getUTCDay()).toBe(1);
    expect((await api("zhangwei", "DELETE", `/report-subscriptions/${subId}`)).status).toBe(200);
    const actions = (await s.system.db.all<{ action: string }>("SELECT action FROM audit_logs WHERE module = 'reports' AND action LIKE 'subscriptions.%'")).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["subscriptions.create", "subscriptions.run", "subscriptions.update", "subscriptions.delete"]));
  });
});
