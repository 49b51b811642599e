/**
 * The flow pages in a real browser against a real server with the job worker (flow steps run as
 * job runs; the hand-off follows each step's end):
 * - done-when: A → check (condition) → [B on true, C on false] → D (none_failed), run from the
 *   PWA, shows the node states live on the run graph, ending with D succeeded and C skipped;
 * - the designer: two nodes from the palette, connected by dragging port to node, auto-layout,
 *   an inline error at its node and field (an empty key; a cycle at its edges), fixed, saved as
 *   v1; an edit saves v2 and v1 stays viewable;
 * - a wait node continued from the run page (phone) lets the run end succeeded;
 * - a failed run retried from its run page runs its failed node and what follows again;
 * - a schedule set in the flow settings (next 5 fires shown), paused and resumed from the detail page and the list;
 * - lina (运营专员: flows:view and flows:run, not flows:manage) sees no edit controls.
 */
import type { Page } from "playwright-core";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, pick, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const node = (page: Page, key: string) => page.locator(`[data-testid="flow-canvas"] [data-testid="flow-node"][data-key="${key}"]`);
const edge = (page: Page, from: string, to: string) => page.locator(`[data-testid="flow-edge"][data-from="${from}"][data-to="${to}"]`);
const panelField = (page: Page, name: string) => page.locator(`[data-testid="flow-node-panel"] [name="${name}"]`);

/** Drags from a node's output port onto another node, as a person connects them. */
async function connect(page: Page, from: string, to: string): Promise<void> {
  const port = (await node(page, from).locator('[data-testid="flow-port-out"]').first().boundingBox())!;
  const target = (await node(page, to).boundingBox())!;
  await page.mouse.move(port.x + port.width / 2, port.y + port.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
  await page.mouse.up();
}

const translateX = async (page: Page, key: string) => Number(/translate\(([-\d.]+),/.exec((await node(page, key).getAttribute("transform")) ?? "")?.[1]);

type Api = Awaited<ReturnType<typeof apiAs>>;

async function createFlow(api: Api, body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const res = await api<{ id: string; name: string }>("POST", "/flows", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

describe.skipIf(!HAS_DIST)("PWA: flow pages", () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer({ jobWorker: true });
  });
  // a fresh API session per test: the browser's sign-ins would otherwise push an old one past the session limit
  beforeEach(async () => {
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("runs A → check → [B, C] → D from the PWA and shows the node states live: D succeeded, the branch not taken skipped", async () => {
    const flow = await createFlow(admin, {
      name: "branchy-flow", description: "条件分支示例",
      nodes: [
        // A takes a moment so the graph is seen moving; it prints JSON, which the condition reads
        { key: "A", type: "shell", config: { command: "sleep 3; echo '{\"count\": 150}'" } },
        { key: "check", type: "condition", condition: "nodes.A.output.count > 100" },
        { key: "B", type: "shell", config: { command: "echo big" } },
        { key: "C", type: "shell", config: { command: "echo small" } },
        { key: "D", type: "shell", config: { command: "echo done" }, trigger_rule: "none_failed" },
      ],
      edges: [{ from: "A", to: "check" }, { from: "check", to: "B", when: true }, { from: "check", to: "C", when: false }, { from: "B", to: "D" }, { from: "C", to: "D" }],
    });
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-menu="menu:flows"]').first().click();
      await page.locator('[data-testid="flows-page"]').waitFor();
      const row = page.locator('[data-testid="flows-table"] tr.table__row', { hasText: "branchy-flow" });
      await row.locator('[data-testid="flow-open"]').click();
      await page.locator('[data-testid="flow-detail"]').waitFor();
      // the saved graph without positions is laid out by dagre, left to right
      await node(page, "D").waitFor();
      expect(await translateX(page, "A")).toBeLessThan(await translateX(page, "check"));
      expect(await edge(page, "check", "C").getAttribute("data-when")).toBe("false");

      await page.locator('[data-testid="flow-detail"] [data-testid="flow-run"]').click();
      await page.locator('[data-testid="flow-run-dialog"] [data-testid="flow-run-submit"]').click();
      await page.waitForURL(/\/flows\/runs\/[^/]+$/);
      const runId = new URL(page.url()).pathname.split("/").pop()!;
      // a marker on the window: the states below arrive without a reload
      await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
      await page.locator('[data-testid="flow-run-live"]').waitFor();
      await node(page, "A").and(page.locator('[data-status="running"], [data-status="queued"]')).waitFor({ timeout: 20_000 });
      expect(await node(page, "D").getAttribute("data-status")).toBe("pending");
      await page.screenshot({ path: join(SHOTS, "flows-run-live-desktop.png"), fullPage: true });

      await node(page, "D").and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 30_000 });
      expect(await node(page, "C").getAttribute("data-status")).toBe("skipped");
      expect(await node(page, "B").getAttribute("data-status")).toBe("succeeded");
      expect(await node(page, "C").locator('[data-testid="flow-node-status"]').textContent()).toBe("已跳过");
      await page.locator('[data-testid="flow-run-facts"] [data-testid="flow-run-status"][data-status="succeeded"]').waitFor({ timeout: 10_000 });
      expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
      expect(await page.locator('[data-testid="flow-run-live"]').count()).toBe(0);
      expect(await page.locator('[data-testid="flow-run-cancel"]').count()).toBe(0);

      // a node's details: the branch taken, A's output, its job run's log
      await node(page, "check").click();
      expect(await page.locator('[data-testid="run-node-panel"] [data-testid="run-node-result"]').innerText()).toBe("是");
      await node(page, "A").click();
      const panel = page.locator('[data-testid="run-node-panel"][data-key="A"]');
      expect(await panel.locator('[data-testid="run-node-output"]').innerText()).toContain("150");
      const logHref = await panel.locator('[data-testid="run-node-log"]').getAttribute("href");
      expect(logHref).toMatch(/^\/jobs\/runs\/[^/]+$/);
      // the menu lights 流程 on a run's page, and nothing else
      expect(await page.locator('[data-testid="sidebar"] a.nav__item--active').allInnerTexts()).toEqual(["流程"]);
      await page.screenshot({ path: join(SHOTS, "flows-run-done-desktop.png"), fullPage: true });

      // the run is in the history, filtered by status in the URL
      await page.goto(`${server.url}/flows/runs?status=succeeded`);
      await page.locator(`[data-testid="flow-runs-table"] [data-testid="flow-run-open"][href="/flows/runs/${runId}"]`).waitFor();
      await page.goto(`${server.url}${logHref}`);
      await page.locator('[data-testid="run-log"]', { hasText: "150" }).waitFor();
      expect(violations).toEqual([]);
      const api = (await admin<{ status: string; nodes: { key: string; status: string }[] }>("GET", `/flow-runs/${runId}`)).body.data;
      expect(Object.fromEntries(api.nodes.map((n) => [n.key, n.status]))).toEqual({ A: "succeeded", check: "succeeded", B: "succeeded", C: "skipped", D: "succeeded" });
      expect(flow.name).toBe("branchy-flow");
    } finally {
      await b.close();
    }
  }, 90_000);

  it("designer: palette, connect, auto-layout, inline errors at their place, save v1, edit to v2", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/flows`);
      await page.locator('[data-testid="flow-create"]').click();
      await page.locator('[data-testid="flow-designer"]').waitFor();
      await page.locator('[data-testid="flow-form"] [name="name"]').fill("designed-flow");

      await page.locator('[data-testid="flow-add-shell"]').click();
      await panelField(page, "key").fill("extract");
      await panelField(page, "command").fill("echo extract");
      await page.locator('[data-testid="flow-add-shell"]').click();
      await panelField(page, "key").fill("load");
      await panelField(page, "command").fill("echo load");
      // placed side by side, top-aligned: the layout below must move them
      await connect(page, "extract", "load");
      await edge(page, "extract", "load").waitFor({ state: "attached" });
      await node(page, "load").click();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      const beforeLayout = await node(page, "load").getAttribute("transform");
      await page.locator('[data-testid="flow-auto-layout"]').click();
      await expect.poll(() => node(page, "load").getAttribute("transform")).not.toBe(beforeLayout);
      expect(await translateX(page, "extract")).toBeLessThan(await translateX(page, "load"));
      await page.locator('[data-testid="flow-check-state"]', { hasText: "校验通过" }).waitFor();

      // an empty key: flagged at its node and at the key field
      await node(page, "load").click();
      await panelField(page, "key").fill("");
      const blank = node(page, "");
      await blank.locator('[data-testid="flow-node-issue"]').waitFor();
      const keyField = page.locator('[data-testid="flow-node-panel"] .field', { has: page.locator('[name="key"]') });
      await keyField.locator(".field__error").waitFor();
      await panelField(page, "key").fill("load");
      await expect.poll(() => node(page, "load").locator('[data-testid="flow-node-issue"]').count()).toBe(0);

      // a cycle: both edges flagged, the list names it; deleting the back edge clears it
      await connect(page, "load", "extract");
      await edge(page, "load", "extract").waitFor({ state: "attached" });
      await page.locator('[data-testid="flow-edge"].flow-edge--invalid[data-from="load"]').waitFor({ state: "attached" });
      expect(await edge(page, "extract", "load").getAttribute("class")).toContain("flow-edge--invalid");
      // the API's check names the cycle, in the user's language
      await page.locator('[data-testid="flow-issues"] li[data-field="edges"]', { hasText: "流程中有环：extract → load → extract" }).waitFor();
      await page.screenshot({ path: join(SHOTS, "flows-designer-cycle-desktop.png"), fullPage: true });
      await page.locator('[data-testid="flow-edge-panel"] [data-testid="flow-edge-delete"]').click();
      await expect.poll(() => page.locator('[data-testid="flow-edge"]').count()).toBe(1);
      await page.locator('[data-testid="flow-check-state"]', { hasText: "校验通过" }).waitFor();
      expect(await page.locator('[data-testid="flow-issues"]').count()).toBe(0);

      // a node dragged by the mouse stays where it was dropped, and that is what is saved
      const box = (await node(page, "load").boundingBox())!;
      const movedFrom = await node(page, "load").getAttribute("transform");
      await page.mouse.move(box.x + 40, box.y + 20);
      await page.mouse.down();
      await page.mouse.move(box.x + 100, box.y + 120, { steps: 6 });
      await page.mouse.up();
      await expect.poll(() => node(page, "load").getAttribute("transform")).not.toBe(movedFrom);
      const dropped = /translate\(([-\d.]+),([-\d.]+)\)/.exec((await node(page, "load").getAttribute("transform"))!)!.slice(1).map(Number);

      await page.locator('[data-testid="flow-save"]').click();
      await page.locator('[data-testid="flow-detail"]').waitFor();
      expect(await page.locator('[data-testid="flow-version"]').innerText()).toBe("v1");
      const saved = (await admin<{ id: string; nodes: { key: string; position?: { x: number; y: number } }[]; edges: unknown[] }>("GET", "/flows/designed-flow")).body.data;
      expect(saved.nodes.map((n) => n.key)).toEqual(["extract", "load"]);
      expect(saved.edges).toEqual([{ from: "extract", to: "load" }]);
      expect(saved.nodes.every((n) => n.position && n.position.x >= 0)).toBe(true);
      expect(saved.nodes[1]!.position).toEqual({ x: dropped[0], y: dropped[1] });

      // edit: a third node from the palette, connected through the panel, saved as v2
      await page.locator('[data-testid="flow-detail"] [data-testid="flow-edit"]').click();
      await page.locator('[data-testid="flow-designer"]').waitFor();
      await node(page, "load").waitFor();
      await page.locator('[data-testid="flow-add-wait"]').click();
      await panelField(page, "key").fill("approve");
      // leaving with unsaved changes asks first; staying keeps them
      await page.locator('[data-testid="flow-form-cancel"]').click();
      const leave = page.locator('[data-testid="confirm-dialog"]');
      await leave.waitFor();
      await leave.getByRole("button", { name: "取消" }).click();
      await leave.waitFor({ state: "detached" });
      expect(new URL(page.url()).pathname).toMatch(/\/edit$/);
      await node(page, "approve").waitFor();
      await node(page, "load").click();
      await page.locator('[data-testid="flow-node-panel"] [data-field="connect_to"]').click();
      await page.locator('[role="option"]', { hasText: "approve" }).click();
      await page.locator('[data-testid="flow-connect"]').click();
      await edge(page, "load", "approve").waitFor({ state: "attached" });
      await page.locator('[data-testid="flow-save"]').click();
      await page.locator('[data-testid="flow-detail"] [data-testid="flow-version"]', { hasText: "v2" }).waitFor();
      await node(page, "approve").waitFor();
      const versions = page.locator('[data-testid="flow-versions"] li');
      await expect.poll(() => versions.count()).toBe(2);
      await versions.filter({ hasText: "v1" }).locator('[data-testid="flow-view-version"]').click();
      await page.locator('[data-testid="flow-viewing-version"]', { hasText: "v1" }).waitFor();
      await expect.poll(() => node(page, "approve").count()).toBe(0);
      expect(await node(page, "load").count()).toBe(1);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("a save the API refuses shows the error at its node's field and stores nothing; picking a job fixes it", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/flows/new`);
      await page.locator('[data-testid="flow-form"] [name="name"]').fill("refused-flow");
      await page.locator('[data-testid="flow-add-job"]').click();
      // a job node with no job picked: the API names nodes[0].job
      const saved = page.waitForResponse((r) => r.url().includes("/api/v1/flows?") && r.request().method() === "POST");
      await page.locator('[data-testid="flow-save"]').click();
      expect((await saved).status()).toBe(400);
      await node(page, "job_1").click();
      const jobField = page.locator('[data-testid="flow-node-panel"] .field', { has: page.locator('[data-field="job"]') });
      await jobField.locator(".field__error").waitFor();
      await node(page, "job_1").locator('[data-testid="flow-node-issue"]').waitFor();
      expect(new URL(page.url()).pathname).toBe("/flows/new");
      expect((await admin<{ total: number }>("GET", "/flows?q=refused-flow")).body.data.total).toBe(0);
      // picking a saved job (GET /jobs, by name) fixes it
      await page.locator('[data-testid="flow-node-panel"] [data-field="job"]').click();
      await page.locator('[role="option"]', { hasText: "log-cleanup" }).click();
      await expect.poll(() => node(page, "job_1").locator('[data-testid="flow-node-issue"]').count()).toBe(0);
      await page.locator('[data-testid="flow-save"]').click();
      await page.locator('[data-testid="flow-detail"]').waitFor();
      expect((await admin<{ nodes: { job: string }[] }>("GET", "/flows/refused-flow")).body.data.nodes[0]!.job).toBe("log-cleanup");
    } finally {
      await b.close();
    }
  }, 60_000);

  it("on a phone a wait node is continued from the run page with a comment and the run ends succeeded", async () => {
    const flow = await createFlow(admin, {
      name: "gated-flow",
      nodes: [
        { key: "prepare", type: "shell", config: { command: "echo ready" } },
        { key: "gate", name: "人工确认", type: "wait" },
        { key: "publish", type: "shell", config: { command: "echo published" } },
      ],
      edges: [{ from: "prepare", to: "gate" }, { from: "gate", to: "publish" }],
    });
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/flows/${flow.id}`);
      await page.locator('[data-testid="flow-detail"] [data-testid="flow-run"]').click();
      await page.locator('[data-testid="flow-run-dialog"] [data-testid="flow-run-submit"]').click();
      await page.waitForURL(/\/flows\/runs\/[^/]+$/);
      // the waiting node opens by itself with its decision
      const decision = page.locator('[data-testid="run-node-panel"][data-key="gate"] [data-testid="wait-decision"]');
      await decision.waitFor({ timeout: 20_000 });
      expect(await node(page, "gate").getAttribute("data-status")).toBe("waiting");
      expect(await node(page, "publish").getAttribute("data-status")).toBe("pending");
      await page.locator('[data-testid="flow-run-facts"] [data-testid="flow-run-status"][data-status="waiting"]').waitFor();
      await page.screenshot({ path: join(SHOTS, "flows-wait-phone.png"), fullPage: true });
      await decision.locator('textarea[name="comment"]').fill("数据已核对");
      await decision.locator('[data-testid="wait-continue"]').click();
      await node(page, "publish").and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="flow-run-facts"] [data-testid="flow-run-status"][data-status="succeeded"]').waitFor({ timeout: 10_000 });
      await node(page, "gate").click();
      const panel = page.locator('[data-testid="run-node-panel"][data-key="gate"]');
      expect(await panel.innerText()).toContain("数据已核对");
      expect(await panel.locator('[data-testid="wait-decision"]').count()).toBe(0);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("a failed run is retried from its run page: the failed node and what follows run again, the succeeded one is kept", async () => {
    const marker = join(mkdtempSync(join(tmpdir(), "ops-pwa-retry-")), "fixed");
    const flow = await createFlow(admin, {
      name: "retry-flow",
      nodes: [
        { key: "extract", type: "shell", config: { command: "echo '{\"rows\": 3}'" } },
        { key: "load", type: "shell", config: { command: `test -f ${marker} && echo loaded || (echo "target locked" >&2; exit 2)` } },
        { key: "report", type: "shell", config: { command: "echo rows={nodes.extract.output.rows}" } },
      ],
      edges: [{ from: "extract", to: "load" }, { from: "load", to: "report" }],
    });
    const started = await admin<{ id: string }>("POST", `/flows/${flow.id}/runs`, { params: {} });
    const runId = started.body.data.id;
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/flows/runs/${runId}`);
      await page.locator('[data-testid="flow-run-facts"] [data-testid="flow-run-status"][data-status="failed"]').waitFor({ timeout: 20_000 });
      expect(await node(page, "load").getAttribute("data-status")).toBe("failed");
      expect(await node(page, "report").getAttribute("data-status")).toBe("upstream_failed");
      const before = (await admin<{ nodes: Array<{ key: string; run_ids: string[] }> }>("GET", `/flow-runs/${runId}`)).body.data.nodes;
      writeFileSync(marker, "");
      await page.locator('[data-testid="flow-run-retry"]').click();
      // the page follows the run again until it ends
      await page.locator('[data-testid="flow-run-facts"] [data-testid="flow-run-status"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
      expect(await node(page, "report").getAttribute("data-status")).toBe("succeeded");
      expect(await page.locator('[data-testid="flow-run-retry"]').count()).toBe(0);
      const after = (await admin<{ nodes: Array<{ key: string; run_ids: string[]; output: unknown }> }>("GET", `/flow-runs/${runId}`)).body.data.nodes;
      const at = <T extends { key: string }>(nodes: T[], key: string): T => nodes.find((n) => n.key === key)!;
      expect(at(after, "extract").run_ids).toEqual(at(before, "extract").run_ids);
      expect(at(after, "load").run_ids).not.toEqual(at(before, "load").run_ids);
      expect(at(after, "report").output).toBe("rows=3");
    } finally {
      await b.close();
      rmSync(dirname(marker), { recursive: true, force: true });
    }
  }, 90_000);

  it("the flow settings save a schedule with its next 5 fires shown; the detail page names the next fire and pauses / resumes it", async () => {
    const flow = await createFlow(admin, { name: "scheduled-flow", nodes: [{ key: "a", type: "shell", config: { command: "true" } }] });
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/flows/${flow.id}/edit`);
      await page.locator('[data-testid="flow-schedule"]').waitFor();
      // a new flow's settings start with no schedule
      expect(await page.locator('[data-testid="flow-schedule"] [data-testid="next-fires"]').count()).toBe(0);
      await pick(page, "schedule_kind", "cron 表达式");
      await page.locator('[data-testid="flow-schedule"] [name="cron"]').fill("0 30 2 * * *");
      // 02:30 in Shanghai is 18:30 UTC, 5 of them, from the server's own rules
      const fires = page.locator('[data-testid="flow-schedule"] [data-testid="next-fire"]');
      await expect.poll(async () => (await fires.evaluateAll((els) => els.map((e) => e.getAttribute("data-at") ?? ""))).filter((at) => at.endsWith("T18:30:00.000Z")).length).toBe(5);
      await page.screenshot({ path: join(SHOTS, "flows-schedule-desktop.png"), fullPage: true });
      await page.locator('[data-testid="flow-save"]').click();
      await page.locator('[data-testid="flow-detail"]').waitFor();
      const saved = (await admin<{ schedule: unknown; status: string; next_fire_at: string }>("GET", `/flows/${flow.id}`)).body.data;
      expect(saved).toMatchObject({ schedule: { cron: "0 30 2 * * *", timezone: "Asia/Shanghai" }, status: "enabled" });
      expect(saved.next_fire_at.endsWith("T18:30:00.000Z")).toBe(true);
      const status = page.locator('[data-testid="flow-schedule-status"]');
      await status.and(page.locator('[data-status="enabled"]')).waitFor();
      await page.locator('[data-testid="flow-detail"] [data-testid="flow-pause"]').click();
      await status.and(page.locator('[data-status="paused"]')).waitFor();
      expect((await admin<{ status: string; next_fire_at: string | null }>("GET", `/flows/${flow.id}`)).body.data).toMatchObject({ status: "paused", next_fire_at: null });
      await page.locator('[data-testid="flow-detail"] [data-testid="flow-resume"]').click();
      await status.and(page.locator('[data-status="enabled"]')).waitFor();
      // the list offers pause on a scheduled flow only
      await page.goto(`${server.url}/flows?q=scheduled-flow`);
      const row = page.locator('[data-testid="flows-table"] tr.table__row', { hasText: "scheduled-flow" });
      await row.locator('[data-testid="flow-pause"]').click();
      await row.locator('[data-testid="flow-resume"]').waitFor();
      expect((await admin<{ status: string }>("GET", `/flows/${flow.id}`)).body.data.status).toBe("paused");
    } finally {
      await b.close();
    }
  }, 90_000);

  it("on a phone the designer adds nodes from the palette, edits them in the panel under the graph and connects them from the panel", async () => {
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/flows/new`);
      await page.locator('[data-testid="flow-form"] [name="name"]').fill("phone-flow");
      await page.locator('[data-testid="flow-add-http"]').click();
      await panelField(page, "key").fill("ping");
      await panelField(page, "url").fill("http://127.0.0.1:9/health");
      await page.locator('[data-testid="flow-add-condition"]').click();
      await panelField(page, "key").fill("healthy");
      await panelField(page, "condition").fill("nodes.ping.output.ok == true");
      await node(page, "ping").click();
      await page.locator('[data-testid="flow-node-panel"] [data-field="connect_to"]').click();
      await page.locator('[role="option"]', { hasText: "healthy" }).click();
      await page.locator('[data-testid="flow-connect"]').click();
      await edge(page, "ping", "healthy").waitFor({ state: "attached" });
      // the panel sits under the canvas, and nothing is wider than the phone
      const canvas = (await page.locator('[data-testid="flow-canvas"]').boundingBox())!;
      const panel = (await page.locator('[data-testid="flow-node-panel"]').boundingBox())!;
      expect(panel.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.locator('[data-testid="flow-check-state"]', { hasText: "校验通过" }).waitFor();
      await page.screenshot({ path: join(SHOTS, "flows-designer-phone.png"), fullPage: true });
      await page.locator('[data-testid="flow-save"]').click();
      await page.locator('[data-testid="flow-detail"]').waitFor();
      const saved = (await admin<{ nodes: { key: string; type: string; config?: { url: string } }[]; edges: unknown[] }>("GET", "/flows/phone-flow")).body.data;
      expect(saved.nodes.map((n) => [n.key, n.type])).toEqual([["ping", "http"], ["healthy", "condition"]]);
      expect(saved.nodes[0]!.config?.url).toBe("http://127.0.0.1:9/health");
      expect(saved.edges).toEqual([{ from: "ping", to: "healthy" }]);
    } finally {
      await b.close();
    }
  }, 60_000);

  it("lina (no flows:manage) sees flows and may run them, but no edit, delete or create controls, and the designer is closed", async () => {
    const linaDept = (await admin<{ items: { dept_id: string }[] }>("GET", "/users?q=lina")).body.data.items[0]!.dept_id;
    const flow = await createFlow(admin, {
      name: "ops1-flow", owner_department_id: linaDept,
      nodes: [{ key: "hello", type: "shell", config: { command: "echo hi" } }], edges: [],
    });
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, "lina", DEMO_PASSWORD);
      await page.goto(`${server.url}/flows`);
      const row = page.locator('[data-testid="flows-table"] tr.table__row', { hasText: "ops1-flow" });
      await row.waitFor();
      expect(await row.locator('[data-testid="flow-run"]').count()).toBe(1);
      expect(await row.locator('[data-testid="flow-edit"]').count()).toBe(0);
      expect(await row.locator('[data-testid="flow-delete"]').count()).toBe(0);
      expect(await page.locator('[data-testid="flow-create"]').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, "flows-list-phone.png"), fullPage: true });
      await row.locator('[data-testid="flow-open"]').click();
      await page.locator('[data-testid="flow-detail"]').waitFor();
      await node(page, "hello").waitFor();
      expect(await page.locator('[data-testid="flow-edit"]').count()).toBe(0);
      expect(await page.locator('[data-testid="flow-port-out"]').count()).toBe(0);
      await page.goto(`${server.url}/flows/${flow.id}/edit`);
      await page.locator('[data-testid="forbidden"]').waitFor();
      expect(await page.locator('[data-testid="flow-designer"]').count()).toBe(0);
    } finally {
      await b.close();
    }
  }, 60_000);
});
