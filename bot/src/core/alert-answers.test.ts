import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { allButtons, type Card } from "@ops/cards";
import type { Alert } from "@ops/shared/contracts/monitor.ts";
import { answerAction } from "./actions.ts";
import { createApiClient } from "./api-client.ts";
import type { AnswerCtx } from "./answer.ts";
import { answerCommand } from "./commands.ts";
import { cardOf } from "./card-of.ts";

/**
 * `alerts` and the alert buttons against a stand-in of the API's alert routes (DESIGN §5 paths): what the bot asks,
 * as whom, and what it answers, including the API's refusals (403 not allowed, 409 the alert moved on).
 */
const alert = (id: string, firedAt: string, over: Partial<Alert> = {}): Alert => ({
  id, rule_id: "r1", rule_name: "api-errors", kind: "metric", fingerprint: `r1|${id}`, labels: {}, level: "P1", status: "firing",
  title: `alert ${id}`, summary: "", value: 0.12, last_value: 0.12, threshold: 0.05, occurrences: 1, fired_at: firedAt, last_seen_at: firedAt,
  acknowledged_by: null, acknowledged_by_name: null, acknowledged_at: null, silenced_until: null, resolved_at: null, resolved_by: null,
  escalation_step: 0, escalated_at: null, runbook_url: null, ...over,
});

type Call = { method: string; path: string; query: string; body: unknown; user: string | null };

function stubApi(opts: { permissions: string[]; alerts: Alert[]; refuse?: { status: number; reason: string; message: string } }) {
  const calls: Call[] = [];
  const app = new Hono();
  const envelope = (data: unknown) => ({ code: 0, data });
  app.use(async (c, next) => {
    const body = c.req.method === "POST" ? await c.req.json().catch(() => null) : undefined;
    calls.push({ method: c.req.method, path: c.req.path, query: new URL(c.req.url).search, body, user: c.req.header("x-ops-chat-user") ?? null });
    await next();
  });
  app.get("/api/v1/auth/me", (c) => c.json(envelope({ id: "u1", username: "zhangwei", display_name: "张伟", locale: "zh-CN", roles: [], permissions: opts.permissions })));
  app.get("/api/v1/alerts", (c) => c.json(envelope({ items: opts.alerts, total: opts.alerts.length })));
  app.post("/api/v1/alerts/:id/:op", (c) => {
    if (opts.refuse) return c.json({ code: opts.refuse.status, reason: opts.refuse.reason, message: opts.refuse.message }, opts.refuse.status as 403);
    const a = opts.alerts.find((x) => x.id === c.req.param("id"))!;
    a.status = c.req.param("op") === "ack" ? "acknowledged" : c.req.param("op") === "silence" ? "silenced" : "resolved";
    return c.json(envelope(a));
  });
  const ctx: AnswerCtx = {
    api: createApiClient({ fetch: (r) => app.fetch(r), botKey: "k" }), caller: { kind: "chat", platform: "slack", userId: "U1" },
    platform: "slack", externalUserId: "U1", prefix: "/ops", locale: "zh-CN", logger: { debug() {}, info() {}, warn() {}, error() {} },
  };
  return { calls, ctx };
}

const actions = (card: Card) => allButtons(card).flatMap((b) => (b.kind === "action" ? [{ action: b.action, value: b.value }] : []));
const text = (card: Card) => JSON.stringify(card);

describe("alerts (告警)", () => {
  it("lists the open alerts newest first, at most 10, with Acknowledge on firing ones for those holding monitor:ack", async () => {
    const list = Array.from({ length: 12 }, (_, i) => alert(`a${i}`, `2026-12-04T0${Math.floor(i / 6)}:${String(i * 5 % 60).padStart(2, "0")}:00.000Z`));
    list[11]!.status = "acknowledged";
    list[11]!.acknowledged_by_name = "李娜";
    const { calls, ctx } = stubApi({ permissions: ["monitor:view", "monitor:ack"], alerts: list });
    const [answer] = await answerCommand(ctx, "告警");
    expect(answer!.kind).toBe("alert-list");
    expect(calls.find((c) => c.path === "/api/v1/alerts")).toMatchObject({ method: "GET", user: "U1", query: expect.stringContaining("status=open") });
    const fields = answer!.card.blocks.flatMap((b) => (b.type === "fields" ? b.fields : []));
    expect(fields).toHaveLength(10);
    // newest first: a11 (acknowledged, no button) then a10 …
    expect(fields[0]).toEqual({ label: "alert a11", value: "P1 · 已认领 · 自 2026-12-04 09:55 · 认领人 李娜" });
    expect(fields[1]!.label).toBe("alert a10");
    expect(actions(answer!.card)[0]).toEqual({ action: "alert.ack", value: { id: "a10", list: true } });
    expect(text(answer!.card)).toContain("另有 2 条请在应用中查看");
  });

  it("offers no Acknowledge without monitor:ack, says when none are open, and refuses without monitor:view", async () => {
    const viewer = stubApi({ permissions: ["monitor:view"], alerts: [alert("a1", "2026-12-04T01:00:00.000Z")] });
    const [seen] = await answerCommand(viewer.ctx, "alerts");
    expect(actions(seen!.card)).toEqual([]);
    const none = stubApi({ permissions: ["*"], alerts: [] });
    expect(text((await answerCommand(none.ctx, "报警"))[0]!.card)).toContain("没有未关闭的告警");
    const stranger = stubApi({ permissions: ["jobs:view"], alerts: [] });
    const [denied] = await answerCommand(stranger.ctx, "alerts");
    expect(denied!.kind).toBe("error");
    expect(text(denied!.card)).toContain("monitor:view");
    expect(stranger.calls.some((c) => c.path === "/api/v1/alerts")).toBe(false);
  });
});

describe("alert card buttons", () => {
  it("ack / resolve / silence go to the API as the clicker; the card itself is left to the API's refresh", async () => {
    const { calls, ctx } = stubApi({ permissions: ["*"], alerts: [alert("a1", "2026-12-04T01:00:00.000Z")] });
    expect(await answerAction(ctx, { action: "alert.ack", value: { id: "a1" }, inputs: {} })).toEqual({ update: null, cards: [] });
    expect(await answerAction(ctx, { action: "alert.silence", value: { id: "a1", duration: "1h" }, inputs: {} })).toEqual({ update: null, cards: [] });
    expect(await answerAction(ctx, { action: "alert.resolve", value: { id: "a1" }, inputs: {} })).toEqual({ update: null, cards: [] });
    expect(calls.filter((c) => c.method === "POST").map((c) => [c.path, c.body, c.user])).toEqual([
      ["/api/v1/alerts/a1/ack", {}, "U1"],
      ["/api/v1/alerts/a1/silence", { duration: "1h" }, "U1"],
      ["/api/v1/alerts/a1/resolve", {}, "U1"],
    ]);
  });

  it("Acknowledge on the list answers with the list anew", async () => {
    const { ctx } = stubApi({ permissions: ["*"], alerts: [alert("a1", "2026-12-04T01:00:00.000Z")] });
    const result = await answerAction(ctx, { action: "alert.ack", value: { id: "a1", list: true }, inputs: {} });
    expect(result.update!.kind).toBe("alert-list");
    expect(text(result.update!.card)).toContain("已认领");
    expect(actions(result.update!.card)).toEqual([]);
  });

  it.each([
    [403, "auth.forbidden", "没有权限"],
    [409, "monitor.alerts.invalid_transition", "告警当前状态为 resolved，不能认领"],
  ])("a %i refusal goes to the clicker alone and changes no card", async (status, reason, message) => {
    const { ctx } = stubApi({ permissions: ["*"], alerts: [alert("a1", "2026-12-04T01:00:00.000Z")], refuse: { status, reason, message } });
    const result = await answerAction(ctx, { action: "alert.ack", value: { id: "a1" }, inputs: {} });
    expect(result.update).toBeNull();
    expect(result.cards).toHaveLength(1);
    expect(result.cards[0]).toMatchObject({ kind: "error", ephemeral: true });
    expect(text(result.cards[0]!.card)).toContain(message);
  });
});

describe("alert card jobs", () => {
  it("render AlertCardData, and a notice's copy (notify's title) keeps the alert's own title when given", () => {
    const data = { alertId: "a1", title: "5xx", level: "P0", status: "acknowledged", source: "api-errors", firedAt: "2026-12-04T01:00:00.000Z", acknowledgedBy: "张伟" };
    const card = cardOf("alert", data, "en");
    expect(card.header).toMatchObject({ title: "5xx", subtitle: "P0 · acknowledged · api-errors", tone: "danger" });
    expect(actions(card).map((a) => a.action)).toEqual(["alert.resolve", "alert.silence"]);
    const notice = cardOf("alert", { ...data, card: "alert", title: "[P0] 5xx", alert_title: "5xx", notificationId: "n1", type: "monitor.alert" }, "zh-CN");
    expect(notice.header.title).toBe("5xx");
    expect(cardOf("alert", { ...data, title: "[P0] 5xx", notificationId: "n1", type: "monitor.alert" }, "zh-CN").header.title).toBe("5xx");
  });
});
