/**
 * Approvals in the browser, the multi-approver modes. Definitions are published through the API
 * (the designer is not the subject here). 李娜 starts an or-sign approval from the PWA's form on a
 * phone; 周杰 approves it in two taps on a phone while 李娜's open detail page turns 已通过 by
 * itself (live stream) and 张伟's stale page gets "already decided"; the copy to 王芳 counts as
 * unread until she opens it. Countersign, ratio and sequential nodes are decided through the detail
 * page and end as their mode says; the inbox tab counts follow.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, pick, SHOTS, signIn, skipMessage, startServer, type TestBrowser, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
const posted = (page: Page, path: RegExp) => page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() === "POST");
const status = (page: Page, s: string) => page.locator(`[data-testid="approval-status"][data-status="${s}"]`).waitFor();

describe.skipIf(!HAS_DIST)("PWA approvals: modes, two taps, live status, tab counts", () => {
  let server: TestServer;
  let admin: Api;
  const ids: Record<string, string> = {};
  const run = Date.now().toString(36);
  const open: TestBrowser[] = [];

  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    for (const u of ["zhoujie", "zhangwei", "zhengyu", "wangfang"]) {
      const r = await admin<{ items: Array<{ id: string; username: string }> }>("GET", `/users?q=${u}&page_size=5`);
      ids[u] = r.body.data.items.find((x) => x.username === u)!.id;
    }
  });
  afterAll(async () => {
    for (const b of open) await b.close().catch(() => undefined);
    await server?.close();
  });

  /** Creates and publishes a one-approver-node definition; returns its key. */
  async function publish(name: string, users: string[], node: Record<string, unknown>, extra: { form?: unknown[]; cc?: string[] } = {}): Promise<string> {
    const key = `${name}_${run}`;
    const nodes = [
      { key: "start", type: "start" },
      { key: "review", type: "approver", name: "审核", approvers: { type: "users", users: users.map((u) => ids[u]) }, ...node },
      ...(extra.cc ? [{ key: "copy", type: "cc", name: "抄送", cc: { type: "users", users: extra.cc.map((u) => ids[u]) } }] : []),
      { key: "end", type: "end" },
    ];
    const edges = extra.cc
      ? [{ from: "start", to: "review" }, { from: "review", to: "copy" }, { from: "copy", to: "end" }]
      : [{ from: "start", to: "review" }, { from: "review", to: "end" }];
    const c = await admin<{ id: string }>("POST", "/approval-definitions", { key, name: `${name} ${run}`, form: extra.form ?? [{ key: "amount", type: "money", label: "金额" }], nodes, edges });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await admin("POST", `/approval-definitions/${key}/publish`)).status).toBe(200);
    return key;
  }

  /** One signed-in browser per person for the whole file (a launch and sign-in costs seconds); the viewport is set per use. */
  const pages = new Map<string, Page>();
  async function as(username: string, viewport = DESKTOP): Promise<Page> {
    let page = pages.get(username);
    if (!page) {
      const b = await openBrowser(viewport);
      open.push(b);
      await signIn(b.page, server.url, username, DEMO_PASSWORD);
      pages.set(username, (page = b.page));
    }
    await page.setViewportSize(viewport);
    return page;
  }

  async function startAsLina(key: string): Promise<string> {
    const lina = await apiAs(server.url, "lina", DEMO_PASSWORD);
    const r = await lina<{ id: string }>("POST", "/approvals", { definition: key, title: `${key} 申请`, form: { amount: 100 } });
    expect(r.status).toBe(201);
    return r.body.data.id;
  }

  /** Opens the approval as `username` and approves it: tap 同意, tap 确认同意. */
  async function approve(username: string, id: string, viewport = PHONE): Promise<Page> {
    const page = await as(username, viewport);
    await page.goto(`${server.url}/approvals/${id}`);
    await page.locator('[data-testid="approval-approve"]').click();
    const [res] = await Promise.all([posted(page, /\/approve$/), page.locator('[data-testid="approval-sheet-confirm"]').click()]);
    expect(res.status()).toBe(200);
    await page.locator('[data-testid="approval-sheet"]').waitFor({ state: "detached" });
    return page;
  }

  const counts = async (page: Page) => Object.fromEntries(await page.locator('[data-testid="approvals-tabs"] [data-box]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute("data-box"), Number(e.querySelector('[data-testid="approvals-count"]')!.textContent)])));

  it("or-sign: started from the PWA form, approved in two taps on a phone; the initiator's page and the copy follow", async () => {
    const key = await publish("orsign", ["zhoujie", "zhangwei"], { mode: "or" }, {
      cc: ["wangfang"],
      form: [
        { key: "amount", type: "money", label: "金额", required: true, min: 0 },
        { key: "kind", type: "select", label: "类别", required: true, options: ["差旅", "办公"] },
        { key: "dates", type: "date_range", label: "日期" },
        { key: "lines", type: "table", label: "明细", columns: [{ key: "item", type: "text", label: "项目", required: true }, { key: "qty", type: "number", label: "数量" }] },
        { key: "receipt", type: "attachment", label: "发票" },
      ],
    });
    const lina = await as("lina", PHONE);
    await lina.goto(`${server.url}/approvals/new`);
    await lina.locator(`[data-testid="approval-definition"][data-key="${key}"]`).click();
    const form = lina.locator('[data-testid="approval-start-form"]');
    await form.waitFor();
    // a required field left empty is caught before anything is sent
    await form.locator('[data-testid="approval-submit"]').click();
    await form.locator('[data-form-field="amount"] .field__error').waitFor();
    await form.locator('[data-form-field="amount"] input').fill("1280.50");
    await pick(lina, "form.kind", "差旅");
    await form.locator('[data-form-field="dates"] input').nth(0).fill("2026-12-01");
    await form.locator('[data-form-field="dates"] input').nth(1).fill("2026-12-03");
    await form.locator('[data-testid="approval-form-row-add"]').click();
    await form.locator('[data-form-field="item"] input').fill("机票");
    await form.locator('[data-form-field="qty"] input').fill("2");
    await lina.setInputFiles('[data-form-field="receipt"] input[type="file"]', { name: "发票.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n") });
    await lina.screenshot({ path: `${SHOTS}/phone-approval-start.png`, fullPage: true });
    const [created] = await Promise.all([posted(lina, /\/api\/v1\/approvals$/), form.locator('[data-testid="approval-submit"]').click()]);
    expect(created.status()).toBe(201);
    const body = (await created.json()) as { data: { id: string; form: Record<string, unknown> } };
    expect(body.data.form).toEqual({ amount: 1280.5, kind: "差旅", dates: ["2026-12-01", "2026-12-03"], lines: [{ item: "机票", qty: 2 }], receipt: ["发票.pdf"] });
    const id = body.data.id;
    await lina.waitForURL(`**/approvals/${id}`);
    await status(lina, "pending");
    expect(await lina.locator('[data-testid="approval-form-table"] tbody tr').count()).toBe(1);
    // the form's file went up with the approval: the field links to it
    await lina.locator('[data-testid="approval-form-file"][data-name="发票.pdf"]').waitFor();
    expect(await lina.locator('[data-testid="approval-task"]').count()).toBe(2);

    // 张伟 has the page open before 周杰 decides
    const zhangwei = await as("zhangwei");
    await zhangwei.goto(`${server.url}/approvals/${id}`);
    await zhangwei.locator('[data-testid="approval-approve"]').waitFor();

    // 周杰 on a phone: the inbox item, then 同意 → 确认同意
    const zhoujie = await as("zhoujie", PHONE);
    await zhoujie.goto(`${server.url}/approvals`);
    await zhoujie.locator(`[data-testid="approval-item"][data-instance="${id}"]`).waitFor();
    await zhoujie.screenshot({ path: `${SHOTS}/phone-approvals-inbox.png` });
    await zhoujie.locator(`[data-testid="approval-item"][data-instance="${id}"]`).click();
    await zhoujie.waitForURL(`**/approvals/${id}`);
    await zhoujie.screenshot({ path: `${SHOTS}/phone-approval-detail.png`, fullPage: true });
    await zhoujie.locator('[data-testid="approval-approve"]').click();
    await zhoujie.locator('[data-testid="approval-sheet"]').waitFor();
    await zhoujie.screenshot({ path: `${SHOTS}/phone-approval-sheet.png` });
    const [res] = await Promise.all([posted(zhoujie, /\/approve$/), zhoujie.locator('[data-testid="approval-sheet-confirm"]').click()]);
    expect(res.status()).toBe(200);
    await status(zhoujie, "approved");

    // the initiator's open page turns by itself, from the live stream
    await status(lina, "approved");
    await lina.setViewportSize(DESKTOP);
    await lina.screenshot({ path: `${SHOTS}/desktop-approval-detail.png`, fullPage: true });
    expect(await lina.locator('[data-testid="approval-event"][data-action="approve"]').innerText()).toContain("周杰");

    // the other approver's stale page: "already decided", then the page reloads
    await zhangwei.locator('[data-testid="approval-approve"]').click();
    const [late] = await Promise.all([posted(zhangwei, /\/approve$/), zhangwei.locator('[data-testid="approval-sheet-confirm"]').click()]);
    expect(late.status()).toBe(409);
    expect(await zhangwei.locator(".toast--error").first().innerText()).toContain("周杰");
    await status(zhangwei, "approved");

    // the copy: unread until 王芳 opens it
    const wangfang = await as("wangfang", PHONE);
    await wangfang.goto(`${server.url}/approvals?box=cc`);
    const item = wangfang.locator(`[data-testid="approval-item"][data-instance="${id}"]`);
    await item.waitFor();
    expect(await item.getAttribute("data-status")).toBe("unread");
    const before = (await counts(wangfang)).cc!;
    expect(before).toBeGreaterThanOrEqual(1);
    const [read] = await Promise.all([posted(wangfang, /\/read$/), item.click()]);
    expect(read.status()).toBe(200);
    await status(wangfang, "approved");
    await wangfang.goto(`${server.url}/approvals?box=cc`);
    await wangfang.locator(`[data-testid="approval-item"][data-instance="${id}"][data-status="read"]`).waitFor();
    expect((await counts(wangfang)).cc).toBe(before - 1);
  }, 120_000);

  it("countersign needs both; ratio ends at its share; sequential goes in turn", async () => {
    const and = await startAsLina(await publish("countersign", ["zhoujie", "zhangwei"], { mode: "and" }));
    const ratio = await startAsLina(await publish("ratio", ["zhoujie", "zhangwei", "zhengyu"], { mode: "ratio", ratio: 60 }));
    const seq = await startAsLina(await publish("sequential", ["zhoujie", "zhangwei"], { mode: "sequential" }));

    // 张伟: todo holds the countersign and ratio tasks, the sequential one waits for 周杰
    const zhangwei = await as("zhangwei");
    await zhangwei.goto(`${server.url}/approvals`);
    await zhangwei.locator(`[data-testid="approval-item"][data-instance="${and}"]`).waitFor();
    await zhangwei.locator(`[data-testid="approval-item"][data-instance="${ratio}"]`).waitFor();
    expect(await zhangwei.locator(`[data-testid="approval-item"][data-instance="${seq}"]`).count()).toBe(0);
    const todoBefore = (await counts(zhangwei)).todo!;
    await zhangwei.goto(`${server.url}/approvals/${seq}`);
    await zhangwei.locator('[data-testid="approval-waiting"]').waitFor();

    // countersign: one approval leaves it pending with the other person
    await status(await approve("zhoujie", and), "pending");
    const afterOne = await approve("zhangwei", and, DESKTOP);
    await status(afterOne, "approved");

    // ratio 60 % of three: two approvals end it, the third task closes
    await status(await approve("zhoujie", ratio), "pending");
    await status(await approve("zhengyu", ratio), "approved");
    await zhangwei.goto(`${server.url}/approvals/${ratio}`);
    await status(zhangwei, "approved");
    expect(await zhangwei.locator('[data-testid="approval-approve"]').count()).toBe(0);

    // sequential: 周杰 first, then it is 张伟's turn
    await status(await approve("zhoujie", seq), "pending");
    await zhangwei.goto(`${server.url}/approvals`);
    await zhangwei.locator(`[data-testid="approval-item"][data-instance="${seq}"]`).waitFor();
    // countersign and ratio left 张伟's todo, the sequential one came in
    expect((await counts(zhangwei)).todo).toBe(todoBefore - 1);
    await status(await approve("zhangwei", seq, DESKTOP), "approved");

    // the home workbench's 待我审批 opens the inbox on 待办
    await zhangwei.goto(`${server.url}/`);
    await zhangwei.locator('[data-testid="widget-approvals.todo"] [data-testid="widget-more"]').click();
    await zhangwei.locator('[data-testid="approvals-tabs"] [data-box="todo"][aria-selected="true"]').waitFor();

    // 李娜's 我发起的 lists all three, none still pending
    const lina = await as("lina");
    await lina.goto(`${server.url}/approvals?box=mine`);
    for (const id of [and, ratio, seq]) await lina.locator(`[data-testid="approval-item"][data-instance="${id}"] [data-testid="approval-item-status"]`, { hasText: "已通过" }).waitFor();
    // the tab badges are the API's counts
    const api = await apiAs(server.url, "lina", DEMO_PASSWORD);
    const r = await api<{ counts: Record<string, number> }>("GET", "/approval-tasks?box=mine");
    expect(await counts(lina)).toEqual(r.body.data.counts);
    // search asks the API (the whole box, not the page loaded): 「sequential」 leaves that approval only
    await lina.locator('[data-testid="approvals-filters"] input[name="q"]').fill("sequential");
    await lina.locator('[data-testid="approvals-search"]').click();
    await lina.waitForFunction((id) => {
      const items = [...document.querySelectorAll('[data-testid="approval-item"]')];
      return items.length === 1 && items[0]!.getAttribute("data-instance") === id;
    }, seq, { timeout: 15_000 });
  }, 120_000);
});
