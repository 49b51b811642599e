import { describe, expect, it } from "vitest";
import type { AlertCardData, AlertLevel, AlertStatus } from "@ops/shared/contracts/monitor.ts";
import { allButtons, type Card } from "../card.ts";
import { alertCard } from "./alert.ts";
import { alertListCard } from "./alert-list.ts";

const base: AlertCardData = {
  alertId: "al_1", title: "API 5xx rate > 5%", level: "P1", status: "firing", source: "api-errors", firedAt: "2026-12-04T06:30:00.000Z",
  value: "12.5 %", condition: "> 5 %", labels: { route: "/api/v1/jobs" },
};
const actionsOf = (card: Card) => allButtons(card).flatMap((b) => (b.kind === "action" ? [{ action: b.action, value: b.value }] : []));
const fieldsOf = (card: Card) => card.blocks.flatMap((b) => (b.type === "fields" ? b.fields : []));
const field = (card: Card, label: string) => fieldsOf(card).find((f) => f.label === label)?.value;

describe("alert card", () => {
  it.each<[AlertStatus, string[]]>([
    ["firing", ["alert.ack", "alert.resolve", "alert.silence"]],
    ["acknowledged", ["alert.resolve", "alert.silence"]],
    ["silenced", ["alert.resolve"]],
    ["resolved", []],
  ])("offers the contract's buttons when %s", (status, expected) => {
    const card = alertCard({ ...base, status });
    expect(actionsOf(card).map((a) => a.action)).toEqual(expected);
    for (const a of actionsOf(card)) expect(a.value.id).toBe("al_1");
    const silence = actionsOf(card).find((a) => a.action === "alert.silence");
    if (silence) expect(silence.value).toEqual({ id: "al_1", duration: "1h" });
    // the details link is always there
    expect(allButtons(card).some((b) => b.kind === "link" && b.url === "/monitor/alerts/al_1")).toBe(true);
  });

  it.each<[AlertLevel, AlertStatus, string]>([
    ["P0", "firing", "danger"], ["P1", "firing", "danger"], ["P2", "firing", "warning"], ["P3", "firing", "info"],
    ["P2", "acknowledged", "warning"], ["P0", "silenced", "neutral"], ["P0", "resolved", "success"],
  ])("%s %s is %s", (level, status, tone) => {
    expect(alertCard({ ...base, level, status }).header.tone).toBe(tone);
  });

  it("says level, status, value, condition, escalation and who acknowledged it, in zh-CN and en", () => {
    const zh = alertCard({ ...base, status: "acknowledged", acknowledgedBy: "张伟", escalationStep: 2, occurrences: 4 }, "zh-CN");
    expect(zh.header).toMatchObject({ title: "API 5xx rate > 5%", subtitle: "P1 · 已认领 · api-errors" });
    expect(field(zh, "级别")).toBe("P1 严重");
    expect(field(zh, "触发值")).toBe("12.5 %");
    expect(field(zh, "条件")).toBe("> 5 %");
    expect(field(zh, "认领人")).toBe("张伟");
    expect(field(zh, "升级")).toBe("已升级 2 次");
    expect(field(zh, "出现次数")).toBe("4");
    expect(field(zh, "触发时间")).toBe("2026-12-04 14:30");
    expect(field(zh, "标签")).toBe("route=/api/v1/jobs");
    expect(zh.summary).toBe("[P1] API 5xx rate > 5% · 已认领");

    const en = alertCard({ ...base, status: "silenced", silencedUntil: "2026-12-04T07:30:00.000Z", level: "P0" }, "en");
    expect(en.header.subtitle).toBe("P0 · silenced · api-errors");
    expect(field(en, "Level")).toBe("P0 Critical");
    expect(field(en, "Silenced until")).toBe("2026-12-04 15:30");
    expect(field(en, "Escalation")).toBeUndefined();
    expect(JSON.stringify(en)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("asks before resolving by hand", () => {
    const resolve = allButtons(alertCard(base, "en")).find((b) => b.kind === "action" && b.action === "alert.resolve");
    expect(resolve && resolve.kind === "action" && resolve.confirm?.title).toBe("Resolve this alert by hand?");
  });

  it("turns into a recovery notice with no buttons", () => {
    const card = alertCard({ ...base, status: "resolved", resolvedAt: "2026-12-04T06:45:00.000Z", recovered: true }, "zh-CN");
    expect(card.header).toMatchObject({ title: "已恢复：API 5xx rate > 5%", tone: "success" });
    expect(card.summary).toBe("[已恢复] API 5xx rate > 5%");
    expect(field(card, "恢复时间")).toBe("2026-12-04 14:45");
    expect(JSON.stringify(card.blocks)).toContain("告警条件已解除");
    expect(actionsOf(card)).toEqual([]);
    // a notice whose title is already worded as the recovery is not prefixed again
    expect(alertCard({ ...base, title: "Recovered: API 5xx", status: "resolved", recovered: true }, "en").header.title).toBe("Recovered: API 5xx");
  });

  it("links the runbook and a given details path", () => {
    const card = alertCard({ ...base, runbookUrl: "https://wiki.example.com/rb", link: "/monitor/alerts?id=al_1" }, "en");
    const links = allButtons(card).flatMap((b) => (b.kind === "link" ? [[b.text, b.url]] : []));
    expect(links).toEqual([["Runbook", "https://wiki.example.com/rb"], ["Details", "/monitor/alerts?id=al_1"]]);
    expect(card.link).toBe("/monitor/alerts?id=al_1");
  });
});

describe("alert list card", () => {
  const items = [
    { id: "a1", level: "P1" as const, title: "5xx", status: "firing" as const, firedAt: base.firedAt },
    { id: "a2", level: "P3" as const, title: "lag", status: "acknowledged" as const, firedAt: base.firedAt, acknowledgedBy: "李娜" },
  ];
  it("lists level, title, status and since; Acknowledge only on firing ones and only for those who may", () => {
    const card = alertListCard({ items, total: 2, canAck: true }, "zh-CN");
    expect(card.header).toMatchObject({ title: "未关闭的告警", subtitle: "共 2 条", tone: "danger" });
    expect(fieldsOf(card)).toEqual([
      { label: "5xx", value: "P1 · 告警中 · 自 2026-12-04 14:30" },
      { label: "lag", value: "P3 · 已认领 · 自 2026-12-04 14:30 · 认领人 李娜" },
    ]);
    expect(actionsOf(card)).toEqual([{ action: "alert.ack", value: { id: "a1", list: true } }]);
    expect(actionsOf(alertListCard({ items, total: 2, canAck: false }, "en"))).toEqual([]);
  });

  it("says none are open, and how many more the app has", () => {
    const none = alertListCard({ items: [], total: 0, canAck: true }, "en");
    expect(none.header.tone).toBe("success");
    expect(JSON.stringify(none.blocks)).toContain("No open alerts.");
    const many = alertListCard({ items: Array.from({ length: 12 }, (_, i) => ({ ...items[0]!, id: `a${i}` })), total: 12, canAck: true }, "en");
    expect(actionsOf(many)).toHaveLength(10);
    expect(JSON.stringify(many.blocks)).toContain("2 more in the app");
  });
});
