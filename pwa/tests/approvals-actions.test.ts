/**
 * Approvals in the browser, changing a running approval: 张伟 rejects back to the previous node (a
 * reason is required), transfers one task and adds an approver before himself on another, both
 * through the people picker; 李娜 urges (the second urge shows the wait) and withdraws; a form value
 * of the wrong type comes back from the API under its field and nothing is created.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, pick, signIn, skipMessage, startServer, type TestBrowser, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
const posted = (page: Page, path: RegExp) => page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() === "POST");
const status = (page: Page, s: string) => page.locator(`[data-testid="approval-status"][data-status="${s}"]`).waitFor();
const sheet = (page: Page) => page.locator('[data-testid="approval-sheet"]');

describe.skipIf(!HAS_DIST)("PWA approvals: reject back, transfer, add approver, urge, withdraw, form errors", () => {
  let server: TestServer;
  let admin: Api;
  let lina: Api;
  const ids: Record<string, string> = {};
  const apis: Record<string, Api> = {};
  const run = Date.now().toString(36);
  const browsers: TestBrowser[] = [];
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    lina = await apiAs(server.url, "lina", DEMO_PASSWORD);
    for (const u of ["zhoujie", "zhangwei", "zhengyu"]) {
      const r = await admin<{ items: Array<{ id: string; username: string }> }>("GET", `/users?q=${u}&page_size=5`);
      ids[u] = r.body.data.items.find((x) => x.username === u)!.id;
      apis[u] = await apiAs(server.url, u, DEMO_PASSWORD);
    }
  });
  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.close();
  });

  /** One signed-in browser per person for the file. */
  async function as(username: string, viewport = DESKTOP): Promise<Page> {
    let page = pages.get(username);
    if (!page) {
      const b = await openBrowser(viewport);
      browsers.push(b);
      await signIn(b.page, server.url, username, DEMO_PASSWORD);
      pages.set(username, (page = b.page));
    }
    await page.setViewportSize(viewport);
    return page;
  }

  /** Publishes start → one approver node per entry (or-sign, named users) → end. */
  async function publish(name: string, steps: Array<[string, string]>): Promise<string> {
    const key = `${name}_${run}`;
    const nodes = [{ key: "start", type: "start" }, ...steps.map(([k, u]) => ({ key: k, type: "approver", name: `节点${k}`, approvers: { type: "users", users: [ids[u]] }, mode: "or" })), { key: "end", type: "end" }];
    const keys = nodes.map((n) => n.key);
    const edges = keys.slice(1).map((to, i) => ({ from: keys[i]!, to }));
    expect((await admin("POST", "/approval-definitions", { key, name: `${name} ${run}`, form: [{ key: "amount", type: "money", label: "金额" }], nodes, edges })).status).toBe(201);
    expect((await admin("POST", `/approval-definitions/${key}/publish`)).status).toBe(200);
    return key;
  }
  async function start(key: string): Promise<string> {
    const r = await lina<{ id: string }>("POST", "/approvals", { definition: key, title: `${key} 申请`, form: { amount: 10 } });
    expect(r.status).toBe(201);
    return r.body.data.id;
  }
  async function decideByApi(user: string, instanceId: string) {
    const todo = await apis[user]!<{ items: Array<{ id: string; instance_id: string }> }>("GET", "/approval-tasks?box=todo&page_size=100");
    const task = todo.body.data.items.find((t) => t.instance_id === instanceId)!;
    expect((await apis[user]!("POST", `/approval-tasks/${task.id}/approve`, {})).status).toBe(200);
  }
  /** Opens a sheet, picks a person by username in its picker. */
  async function pickUser(page: Page, field: string, username: string) {
    const picker = sheet(page).locator(`[data-field="${field}"]`);
    await picker.locator('[data-testid="user-search"]').fill(username);
    await picker.locator(`[data-testid="user-option"][data-username="${username}"]`).click();
    await picker.locator('[data-testid="user-picked"]').waitFor();
  }

  it("reject to the previous node needs a reason and puts the approval back there", async () => {
    const id = await start(await publish("back", [["a", "zhoujie"], ["b", "zhangwei"]]));
    await decideByApi("zhoujie", id);
    const page = await as("zhangwei", PHONE);
    await page.goto(`${server.url}/approvals/${id}`);
    await page.locator('[data-testid="approval-node"][data-node="b"]').waitFor();
    await page.locator('[data-testid="approval-reject"]').click();
    // no reason: refused in the sheet, nothing sent
    await page.locator('[data-testid="approval-sheet-confirm"]').click();
    await sheet(page).locator(".field__error").waitFor();
    await pick(page, "to", "上一节点");
    await sheet(page).locator('textarea[name="comment"]').fill("金额需要重新核对");
    const [res] = await Promise.all([posted(page, /\/reject$/), page.locator('[data-testid="approval-sheet-confirm"]').click()]);
    expect(res.status()).toBe(200);
    expect(JSON.parse(res.request().postData()!)).toEqual({ to: "previous", comment: "金额需要重新核对" });
    await page.locator('[data-testid="approval-node"][data-node="a"] [data-testid="approval-task"][data-assignee="周杰"][data-status="pending"]').waitFor();
    await status(page, "pending");
    await page.locator('[data-testid="approval-event"][data-action="sent_back"]').waitFor();
    expect(await page.locator('[data-testid="approval-event-comment"]', { hasText: "金额需要重新核对" }).count()).toBe(1);
    expect(await page.locator('[data-testid="approval-approve"]').count()).toBe(0);
  }, 90_000);

  it("transfer and add-approver-before go through the people picker", async () => {
    const key = await publish("single", [["review", "zhangwei"]]);
    const moved = await start(key);
    const added = await start(key);
    const page = await as("zhangwei");

    await page.goto(`${server.url}/approvals/${moved}`);
    await page.locator('[data-testid="approval-transfer"]').click();
    await pickUser(page, "to_user", "zhengyu");
    const [t] = await Promise.all([posted(page, /\/transfer$/), page.locator('[data-testid="approval-sheet-confirm"]').click()]);
    expect(t.status()).toBe(200);
    await page.locator('[data-testid="approval-task"][data-assignee="郑宇"][data-status="pending"]').waitFor();
    expect(await page.locator('[data-testid="approval-actions"]').count()).toBe(0);
    await page.locator('[data-testid="approval-event"][data-action="transfer"]', { hasText: "郑宇" }).waitFor();

    await page.goto(`${server.url}/approvals/${added}`);
    await page.locator('[data-testid="approval-add"]').click();
    await pickUser(page, "user", "zhengyu");
    const [a] = await Promise.all([posted(page, /\/add-approver$/), page.locator('[data-testid="approval-sheet-confirm"]').click()]);
    expect(a.status()).toBe(200);
    expect(JSON.parse(a.request().postData()!)).toMatchObject({ user: ids.zhengyu, position: "before" });
    // 郑宇 decides first; 张伟's own task waits
    await page.locator('[data-testid="approval-waiting"]').waitFor();
    await page.locator('[data-testid="approval-task"][data-assignee="郑宇"][data-status="pending"]').waitFor();
    await decideByApi("zhengyu", added);
    await page.reload();
    await page.locator('[data-testid="approval-approve"]').click();
    const [ok] = await Promise.all([posted(page, /\/approve$/), page.locator('[data-testid="approval-sheet-confirm"]').click()]);
    expect(ok.status()).toBe(200);
    await status(page, "approved");
  }, 90_000);

  it("the initiator urges (the second time shows the wait) and withdraws", async () => {
    const id = await start(await publish("withdraw", [["review", "zhoujie"]]));
    const page = await as("lina", PHONE);
    await page.goto(`${server.url}/approvals/${id}`);
    const [u1] = await Promise.all([posted(page, /\/urge$/), page.locator('[data-testid="approval-urge"]').click()]);
    expect(u1.status()).toBe(200);
    const [u2] = await Promise.all([posted(page, /\/urge$/), page.locator('[data-testid="approval-urge"]').click()]);
    expect(u2.status()).toBe(429);
    expect(await page.locator('[data-testid="approval-urge-wait"]').innerText()).toMatch(/\d+/);
    await page.locator('[data-testid="approval-withdraw"]').click();
    const [w] = await Promise.all([posted(page, /\/withdraw$/), page.locator('[data-testid="confirm-dialog"] .btn--danger').click()]);
    expect(w.status()).toBe(200);
    await status(page, "withdrawn");
    expect(await page.locator('[data-testid="approval-withdraw"]').count()).toBe(0);
  }, 90_000);

  it("an initiator-select node asks for its approvers at start", async () => {
    const key = `chosen_${run}`;
    const nodes = [{ key: "start", type: "start" }, { key: "pick", type: "approver", name: "自选审批人", approvers: { type: "initiator_select" }, mode: "or" }, { key: "end", type: "end" }];
    expect((await admin("POST", "/approval-definitions", { key, name: `chosen ${run}`, nodes, edges: [{ from: "start", to: "pick" }, { from: "pick", to: "end" }] })).status).toBe(201);
    expect((await admin("POST", `/approval-definitions/${key}/publish`)).status).toBe(200);
    const page = await as("lina");
    await page.goto(`${server.url}/approvals/new?definition=${key}`);
    const form = page.locator('[data-testid="approval-start-form"]');
    await form.locator('[data-testid="approval-submit"]').click();
    await form.locator('[data-field="approvers.pick"] .field__error').waitFor();
    await form.locator('[data-field="approvers.pick"] [data-testid="user-search"]').fill("zhoujie");
    await form.locator('[data-field="approvers.pick"] [data-testid="user-option"][data-username="zhoujie"]').click();
    await form.locator('[data-field="approvers.pick"] [data-testid="user-chip"]').waitFor();
    const [res] = await Promise.all([posted(page, /\/api\/v1\/approvals$/), form.locator('[data-testid="approval-submit"]').click()]);
    expect(res.status()).toBe(201);
    expect(JSON.parse(res.request().postData()!).approvers).toEqual({ pick: [ids.zhoujie] });
    await page.locator('[data-testid="approval-node"][data-node="pick"] [data-testid="approval-task"][data-assignee="周杰"]').waitFor();
  }, 90_000);

  it("a form value of the wrong type shows the API's error under its field and creates nothing", async () => {
    const total = async () => (await lina<{ total: number }>("GET", "/approvals?page_size=1")).body.data.total;
    const before = await total();
    const page = await as("lina", PHONE);
    await page.goto(`${server.url}/approvals/new?definition=leave`);
    const form = page.locator('[data-testid="approval-start-form"]');
    await form.waitFor();
    await pick(page, "form.leave_type", "年假");
    await form.locator('[data-form-field="dates"] input').nth(0).fill("2026-12-28");
    await form.locator('[data-form-field="dates"] input').nth(1).fill("2026-12-29");
    await form.locator('[data-form-field="days"] input').fill("两天");
    const [res] = await Promise.all([posted(page, /\/api\/v1\/approvals$/), form.locator('[data-testid="approval-submit"]').click()]);
    expect(res.status()).toBe(400);
    expect(await form.locator('[data-form-field="days"] .field__error').innerText()).toContain("天数");
    expect(await total()).toBe(before);
    // corrected, it starts and opens the new approval
    await form.locator('[data-form-field="days"] input').fill("2");
    const [ok] = await Promise.all([posted(page, /\/api\/v1\/approvals$/), form.locator('[data-testid="approval-submit"]').click()]);
    expect(ok.status()).toBe(201);
    await status(page, "pending");
    expect(await total()).toBe(before + 1);
  }, 90_000);
});
