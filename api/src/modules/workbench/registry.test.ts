import { AppError } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import type { WidgetDefinition } from "./index.ts";

/**
 * The widget contract as a module that lands later uses it: registered from outside the workbench
 * (as the composition root does), filtered by its permission, cut to five items, and isolated when it
 * throws or runs out of time, while the rest of the page still loads.
 */
describe.each(ENGINES)("workbench registry (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let lina: string;
  let slowStarted: Promise<AbortSignal>;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    admin = await s.login("admin");
    lina = await s.login("lina");
    const register = s.system.workbench.register;
    // a jobs module's widget: paused jobs I own, seen by readers of jobs
    register({
      id: "jobs.paused",
      kind: "todo",
      title: { "zh-CN": "已暂停的作业", en: "Paused jobs" },
      permission: "jobs:manage",
      order: 15,
      empty: { text: { "zh-CN": "没有暂停的作业", en: "No paused jobs" }, action: { label: { "zh-CN": "作业列表", en: "Jobs" }, href: "/jobs" } },
      async load({ locale }) {
        const items = Array.from({ length: 7 }, (_, i) => ({ title: `job-${i + 1}`, href: `/jobs/${i + 1}`, tone: "warning" as const }));
        items[1]!.href = "https://evil.example.com/";
        items[2]!.href = "//evil.example.com/x";
        return { count: 7, items, more: { label: locale === "en" ? "All jobs" : "全部作业", href: "/jobs?status=paused" } };
      },
    });
    register({ id: "fake.broken", kind: "todo", title: { "zh-CN": "坏组件", en: "Broken" }, permission: null, order: 16, load: () => Promise.reject(new Error("database on fire")) });
    register({
      id: "fake.refusing", kind: "todo", title: { "zh-CN": "拒绝", en: "Refusing" }, permission: null, order: 17,
      load: () => Promise.reject(new AppError("workbench.widget_not_found", { status: 404 })),
    });
    let started!: (signal: AbortSignal) => void;
    slowStarted = new Promise((resolve) => (started = resolve));
    register({
      id: "fake.slow", kind: "feed", title: { "zh-CN": "很慢", en: "Slow" }, permission: null, order: 18, timeoutMs: 50,
      load: ({ signal }) => {
        started(signal);
        return new Promise(() => {}); // never answers
      },
    });
  });
  afterAll(() => s?.close());

  const widgetsOf = async (token: string, lang = "zh-CN") => {
    const r = await s.req("GET", `/api/v1/workbench?lang=${lang}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data.widgets as Array<Record<string, any>>;
  };

  it("places a registered widget by its order and shows it only to holders of its permission", async () => {
    const ids = (await widgetsOf(admin)).map((w) => w.id);
    expect(ids.indexOf("jobs.paused")).toBeGreaterThan(ids.indexOf("iam.locked_users"));
    expect(ids.indexOf("jobs.paused")).toBeLessThan(ids.indexOf("iam.pending_users"));
    // 运营专员 may run jobs but not manage them
    expect((await widgetsOf(lina)).map((w) => w.id)).not.toContain("jobs.paused");
  });

  it("keeps the count, cuts items to five, drops links leaving the app, and speaks the reader's language", async () => {
    const jobs = (await widgetsOf(admin, "en")).find((w) => w.id === "jobs.paused")!;
    expect(jobs).toMatchObject({ status: "ok", title: "Paused jobs", count: 7, more: { label: "All jobs", href: "/jobs?status=paused" }, error: null });
    expect(jobs.items).toHaveLength(5);
    expect(jobs.items.map((i: { href: string | null }) => i.href)).toEqual(["/jobs/1", null, null, "/jobs/4", "/jobs/5"]);
    expect(jobs.empty).toEqual({ text: "No paused jobs", action: { label: "Jobs", href: "/jobs" } });
  });

  it("reports a failing or slow widget as that widget's error and loads every other one", async () => {
    const started = Date.now();
    const widgets = await widgetsOf(lina);
    expect(Date.now() - started).toBeLessThan(2500);
    const byId = new Map(widgets.map((w) => [w.id, w]));
    expect(byId.get("fake.broken")).toMatchObject({
      status: "error", count: null, items: [], error: { reason: "workbench.widget_failed", message: "加载失败，请稍后重试", retryable: true },
    });
    expect(JSON.stringify(byId.get("fake.broken"))).not.toContain("database on fire");
    expect(byId.get("fake.refusing")).toMatchObject({ status: "error", error: { reason: "workbench.widget_not_found", message: "工作台组件不存在" } });
    expect(byId.get("fake.slow")).toMatchObject({ status: "error", error: { reason: "workbench.widget_timeout", retryable: true } });
    expect((await slowStarted).aborted).toBe(true);
    for (const id of ["iam.security", "notify.unread", "audit.my_activity"]) expect(byId.get(id)?.status).toBe("ok");
  });

  it("refreshes one widget by id", async () => {
    const r = await s.req("GET", "/api/v1/workbench/widgets/jobs.paused?lang=en", { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ id: "jobs.paused", count: 7, title: "Paused jobs" });
    const broken = await s.req("GET", "/api/v1/workbench/widgets/fake.broken", { token: admin });
    expect(broken.status).toBe(200);
    expect(broken.body.data.status).toBe("error");
  });

  it("refuses a second widget with the same id and ids that do not name their module", () => {
    const widget: WidgetDefinition = { id: "jobs.paused", kind: "todo", title: "x", permission: null, order: 1, load: async () => ({ count: 0, items: [] }) };
    expect(() => s.system.workbench.register(widget)).toThrow(/registered twice/);
    expect(() => s.system.workbench.register({ ...widget, id: "Paused" })).toThrow(/module\.name/);
  });
});
