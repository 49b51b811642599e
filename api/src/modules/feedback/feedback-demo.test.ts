import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../../testing/harness.ts";

describe("feedback demo data (OPS_DEMO=1)", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ demoSeeders: ["company", "feedback"] });
  });
  afterAll(() => s?.close());

  it("has feedback in every state with a consistent timeline, and handlers see their departments' share", async () => {
    const admin = await s.login("admin");
    const all = (await s.req("GET", "/api/v1/feedback?page_size=100&sort=no", { token: admin })).body.data;
    expect(new Set(all.items.map((f: { status: string }) => f.status))).toEqual(new Set(["new", "triaged", "in_progress", "resolved", "rejected", "closed"]));
    expect(all.items.map((f: { no: number }) => f.no)).toEqual(all.items.map((_: unknown, i: number) => i + 1));
    for (const f of all.items as Array<{ id: string; status: string }>) {
      const d = (await s.req("GET", `/api/v1/feedback/${f.id}`, { token: admin })).body.data;
      expect(d.events[0]).toMatchObject({ kind: "created", to_status: "new" });
      expect(d.events.filter((e: { kind: string }) => e.kind === "transition").at(-1)?.to_status ?? "new").toBe(f.status);
    }
    const zhangwei = await s.login("zhangwei");
    const scoped = (await s.req("GET", "/api/v1/feedback?page_size=100", { token: zhangwei })).body.data.items as Array<{ submitter: { username: string } }>;
    expect(new Set(scoped.map((f) => f.submitter.username))).toEqual(new Set(["lina", "wangfang", "wuqian"]));
    const lina = await s.login("lina");
    const mine = (await s.req("GET", "/api/v1/feedback/mine", { token: lina })).body.data.items;
    expect(mine.find((f: { status: string }) => f.status === "in_progress")).toMatchObject({ last_reply: "已复现，正在修复，预计本周发布。", assignee: { username: "zhangwei" } });
  });
});
