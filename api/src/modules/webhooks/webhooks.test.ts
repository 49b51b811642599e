import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_EVENTS } from "@ops/shared/contracts/webhooks.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { TEST_REDIS_URL, deleteKeys } from "../../platform/queue/driver.harness.ts";
import { advance, startReceiver, until, type Receiver } from "./webhooks.testkit.ts";

const PEOPLE = ["admin", "lina", "zhoujie", "zhengyu"];

describe.each(ENGINES)("outbound webhooks through HTTP, a local receiver checking every signature (%s)", (engine) => {
  let s: TestSystem;
  let receiver: Receiver;
  const secrets = new Map<string, string>();
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const api = async (method: string, path: string, user: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tok[user], body });

  /** A published or-sign definition of zhoujie and zhengyu. */
  async function definition(key: string) {
    const def = {
      key, name: key, form: [{ key: "amount", type: "money", label: "金额", required: false }],
      nodes: [{ key: "start", type: "start" }, { key: "approve", type: "approver", name: "审批", approvers: { type: "users", users: [ids.zhoujie, ids.zhengyu] }, mode: "or" }, { key: "end", type: "end" }],
      edges: [{ from: "start", to: "approve" }, { from: "approve", to: "end" }],
    };
    const c = await api("POST", "/approval-definitions", "admin", def);
    expect((await api("POST", `/approval-definitions/${c.body.data.id}/publish`, "admin")).status).toBe(200);
    return key;
  }
  async function start(key: string) {
    const r = await api("POST", "/approvals", "lina", { definition: key, title: `${key} 报销`, form: { amount: 88 } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.data as { id: string; current: Array<{ tasks: Array<{ id: string; assignee_id: string }> }> };
  }
  const taskOf = (inst: Awaited<ReturnType<typeof start>>, user: string) => inst.current[0]!.tasks.find((t) => t.assignee_id === ids[user])!.id;
  async function subscribe(path: string, body: Record<string, unknown>) {
    const r = await api("POST", "/webhooks", "admin", { name: path, url: receiver.url(path), events: [...WEBHOOK_EVENTS], ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    secrets.set(path, r.body.data.secret);
    return r.body.data as { id: string; secret: string };
  }
  const deliveries = async (subId: string, query = "") => (await api("GET", `/webhooks/${subId}/deliveries?page_size=100${query}`, "admin")).body.data.items as Array<{ id: string; status: string; event_type: string; event_id: string; attempts: number; replay_of: string | null }>;

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"], env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    receiver = startReceiver(() => s, secrets);
    for (const u of PEOPLE) {
      tok[u] = await s.login(u);
      ids[u] = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [u]))!.id;
    }
    s.system.webhooks.start();
  });
  afterAll(async () => {
    await s?.close();
    await receiver?.server.stop(true);
  });

  it("subscriptions: CRUD, secret shown on create and rotate only, errors naming fields with nothing stored, webhooks:manage, audit", async () => {
    const bad = await api("POST", "/webhooks", "admin", { name: "", url: receiver.url("/x"), events: ["approval.nope"], secret: "short" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["events.0", "name", "secret"]);
    expect(bad.body.errors.find((e: { field: string }) => e.field === "secret").message).toBe("长度不能少于 16 个字符");
    const urls: Array<[string, string]> = [
      ["ftp://hooks.example.com/in", "只支持 http:// 或 https:// 地址"],
      ["https://user:pw@hooks.example.com/in", "地址中不能包含用户名或密码（请用签名密钥校验来源）"],
      ["not a url", "请填写有效的 URL"],
    ];
    for (const [url, message] of urls) {
      const r = await api("POST", "/webhooks", "admin", { name: "x", url, events: ["approval.started"] });
      expect(r.status, url).toBe(400);
      expect(r.body.errors, url).toEqual([{ field: "url", message }]);
    }
    expect((await api("GET", "/webhooks", "admin")).body.data).toEqual([]);
    expect((await api("POST", "/webhooks", "lina", { name: "x", url: receiver.url("/x"), events: ["approval.started"] })).status).toBe(403);

    const created = await api("POST", "/webhooks", "admin", { name: "erp", url: receiver.url("/crud"), events: ["approval.approved"], filter: { definition_keys: ["none"] } });
    expect(created.status).toBe(201);
    const { id, secret } = created.body.data;
    expect(secret).toMatch(/^whsec_/);
    const listed = await api("GET", "/webhooks", "admin");
    expect(listed.body.data).toMatchObject([{ id, name: "erp", events: ["approval.approved"], active: true, filter: { definition_keys: ["none"] } }]);
    expect(JSON.stringify(listed.body.data)).not.toContain(secret);
    const updated = await api("PUT", `/webhooks/${id}`, "admin", { name: "erp 2", url: receiver.url("/crud"), events: ["approval.rejected"], active: false });
    expect(updated.body.data).toMatchObject({ name: "erp 2", events: ["approval.rejected"], active: false, filter: {} });
    const rotated = await api("POST", `/webhooks/${id}/rotate-secret`, "admin");
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(secret);
    expect(JSON.stringify((await api("GET", `/webhooks/${id}`, "admin")).body.data)).not.toContain(rotated.body.data.secret);
    expect((await api("DELETE", `/webhooks/${id}`, "admin")).status).toBe(200);
    expect((await api("GET", `/webhooks/${id}`, "admin")).status).toBe(404);
    const audit = await api("GET", "/audit/logs?module=webhooks&page_size=50", "admin");
    const actions = audit.body.data.items.map((l: { action: string }) => l.action);
    expect(actions).toEqual(expect.arrayContaining(["create", "update", "rotate-secret", "delete"]));
    expect(audit.body.data.items.find((l: { action: string }) => l.action === "create").after).toMatchObject({ name: "erp", url: receiver.url("/crud") });
    expect(JSON.stringify(audit.body.data.items)).not.toContain(secret);
  });

  it("an or-sign approval approved: exactly one signed approval.approved, the task events, and no duplicate when the instance changes again", async () => {
    const key = await definition(`wh-or-${engine}`);
    const sub = await subscribe("/or", { filter: { definition_keys: [key] } });
    const inst = await start(key);
    const ok = await api("POST", `/approval-tasks/${taskOf(inst, "zhoujie")}/approve`, "zhoujie", { comment: "同意" });
    expect(ok.status).toBe(200);
    await until(s, receiver, () => receiver.at("/or").length === 5, "five events at /or");
    // the instance changes again (a comment): deliver() publishes the instance again, nothing new goes out
    expect((await api("POST", `/approvals/${inst.id}/comments`, "lina", { text: "谢谢" })).status).toBeLessThan(300);
    const rows = await deliveries(sub.id);
    expect(rows).toHaveLength(5);
    await until(s, receiver, async () => (await deliveries(sub.id)).every((d) => d.status === "delivered"), "all delivered");

    const got = receiver.at("/or");
    expect(got.every((r) => r.valid && r.status === 200)).toBe(true);
    expect(got.map((r) => r.event).sort()).toEqual(["approval.approved", "approval.started", "approval.task.approved", "approval.task.created", "approval.task.created"]);
    const approved = got.find((r) => r.event === "approval.approved")!;
    expect(approved.body).toMatchObject({ type: "approval.approved", data: { instance: { id: inst.id, status: "approved", definition_key: key, title: `${key} 报销` } } });
    expect(approved.body.id).toBe(rows.find((d) => d.event_type === "approval.approved")!.event_id);
    expect(approved.delivery).toBe(rows.find((d) => d.event_type === "approval.approved")!.id);
    expect(Date.parse(approved.body.occurred_at)).not.toBeNaN();
    const taskApproved = got.find((r) => r.event === "approval.task.approved")!.body;
    expect(taskApproved.data.task).toMatchObject({ id: taskOf(inst, "zhoujie"), status: "approved", decided_by_name: "周杰", comment: "同意", instance_id: inst.id });
    const created = got.filter((r) => r.event === "approval.task.created").map((r) => r.body.data.task.assignee_id).sort();
    expect(created).toEqual([ids.zhoujie, ids.zhengyu].sort());
    expect(new Set(got.map((r) => r.body.id)).size).toBe(5);
    expect(JSON.stringify(got.map((r) => r.body))).not.toContain(sub.secret);
  });

  it("a receiver answering 500 then 200: retried after the delay with the same delivery id, both attempts logged; replay is a new delivery of the same event", async () => {
    const key = await definition(`wh-retry-${engine}`);
    const sub = await subscribe("/flaky", { events: ["approval.started"], filter: { definition_keys: [key] } });
    receiver.fail("/flaky");
    await start(key);
    await until(s, receiver, async () => (await deliveries(sub.id))[0]?.status === "retrying", "first attempt failed");
    expect(receiver.at("/flaky")).toHaveLength(1);
    advance(s, 10_000);
    await until(s, receiver, async () => (await deliveries(sub.id))[0]?.status === "delivered", "retry delivered");
    const [first, second] = receiver.at("/flaky");
    expect([first!.status, second!.status]).toEqual([500, 200]);
    expect(second!.delivery).toBe(first!.delivery);
    expect(second!.raw).toBe(first!.raw);
    expect(Number(second!.timestamp) - Number(first!.timestamp)).toBe(10);

    const [d] = await deliveries(sub.id);
    const detail = (await api("GET", `/webhook-deliveries/${d!.id}`, "admin")).body.data;
    expect(detail).toMatchObject({ id: d!.id, status: "delivered", event_type: "approval.started", request: { url: receiver.url("/flaky"), body: first!.raw } });
    expect(detail.attempts).toMatchObject([
      { attempt: 1, status: "failed", response_code: 500, response_body: "boom: try later", error: "HTTP 500", request_headers: { "x-ops-delivery": d!.id, "x-ops-event": "approval.started" } },
      { attempt: 2, status: "delivered", response_code: 200, response_body: "ok", error: null },
    ]);
    expect(detail.attempts[0].duration_ms).toBeGreaterThanOrEqual(0);
    expect((await api("GET", `/webhooks/${sub.id}/deliveries?status=failed`, "admin")).body.data.items).toEqual([]);

    const replay = await api("POST", `/webhook-deliveries/${d!.id}/replay`, "admin");
    expect(replay.status).toBe(201);
    expect(replay.body.data).toMatchObject({ replay_of: d!.id, event_id: d!.event_id, status: "queued" });
    expect(replay.body.data.id).not.toBe(d!.id);
    await until(s, receiver, () => receiver.at("/flaky").length === 3, "replay received");
    const third = receiver.at("/flaky")[2]!;
    expect(third).toMatchObject({ valid: true, delivery: replay.body.data.id });
    expect(third.body.id).toBe(first!.body.id);
    expect(third.raw).toBe(first!.raw);
    expect((await api("POST", "/webhook-deliveries/nope/replay", "admin")).status).toBe(404);
  });

  it("an inactive subscription gets nothing (nor what happened while it was off), and a filter keeps other definitions' events out", async () => {
    const [mine, other] = [await definition(`wh-filter-${engine}`), await definition(`wh-other-${engine}`)];
    const off = await subscribe("/off", { active: false, filter: { definition_keys: [mine] } });
    const filtered = await subscribe("/filtered", { events: ["approval.started"], filter: { definition_keys: [mine] } });
    await start(other);
    const inst = await start(mine);
    await until(s, receiver, () => receiver.at("/filtered").length === 1, "the filtered subscription's event");
    expect(receiver.at("/filtered")[0]!.body.data.instance.definition_key).toBe(mine);
    expect(await deliveries(filtered.id)).toHaveLength(1);
    expect(await deliveries(off.id)).toEqual([]);
    // switched on: later events arrive, the start and task creation that happened while it was off do not
    s.clock.advance(1);
    const on = await api("PUT", `/webhooks/${off.id}`, "admin", { name: "/off", url: receiver.url("/off"), events: [...WEBHOOK_EVENTS], active: true, filter: { definition_keys: [mine] } });
    expect(on.status).toBe(200);
    expect((await api("POST", `/approval-tasks/${taskOf(inst, "zhengyu")}/reject`, "zhengyu", { comment: "不行" })).status).toBe(200);
    expect((await deliveries(off.id)).map((d) => d.event_type).sort()).toEqual(["approval.rejected", "approval.task.rejected"]);
    await until(s, receiver, () => receiver.at("/off").length === 2, "the reactivated subscription's events");
    expect(receiver.at("/off").every((r) => r.valid)).toBe(true);
  });
});

describe("outbound webhooks on BullMQ (Redis)", () => {
  let s: TestSystem;
  let receiver: Receiver;
  const secrets = new Map<string, string>();
  const prefix = `ops-wh-${process.pid}-${Date.now()}`;
  beforeAll(async () => {
    s = await createTestSystem({ demo: false, env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1", OPS_WEBHOOK_RETRY_DELAYS: "1", REDIS_URL: TEST_REDIS_URL, OPS_QUEUE_PREFIX: prefix } });
    receiver = startReceiver(() => s, secrets);
    s.system.webhooks.start();
  });
  afterAll(async () => {
    await s?.close();
    await receiver?.server.stop(true);
    await deleteKeys(prefix);
  });

  it("delivers a published event once per subscription, retrying a 500 (the retry is a delayed BullMQ job)", async () => {
    expect(s.system.queue.kind).toBe("bullmq");
    const token = await s.login("admin");
    const sub = await s.req("POST", "/api/v1/webhooks", { token, body: { name: "bull", url: receiver.url("/bull"), events: ["approval.approved"] } });
    secrets.set("/bull", sub.body.data.secret);
    receiver.fail("/bull");
    const event = { id: "approval-event:bull-1", type: "approval.approved", occurred_at: s.clock.now().toISOString(), data: { instance: { id: "i1" } } };
    expect(await s.system.webhooks.publish([event])).toBe(1);
    expect(await s.system.webhooks.publish([event])).toBe(0);
    await until(s, receiver, () => receiver.at("/bull").length === 2, "the retry on BullMQ");
    expect(receiver.at("/bull").map((r) => [r.status, r.valid, r.body.id])).toEqual([[500, true, event.id], [200, true, event.id]]);
    const list = async () => (await s.req("GET", `/api/v1/webhooks/${sub.body.data.id}/deliveries`, { token })).body.data;
    await until(s, receiver, async () => (await list()).items[0].status === "delivered", "delivered");
    expect(await list()).toMatchObject({ total: 1, items: [{ attempts: 2, response_code: 200, event_id: event.id }] });
  });
});
