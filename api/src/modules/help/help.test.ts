import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";

type Hit = { slug: string; title: string; snippet: string; highlights: Array<[number, number]>; title_highlights: Array<[number, number]> };

describe.each(ENGINES)("help center: reading (%s)", (engine) => {
  let s: TestSystem;
  let lina: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    lina = await s.login("lina");
  });
  afterAll(() => s?.close());

  it("lists every shipped page by category in the reader's language", async () => {
    const zh = await s.req("GET", "/api/v1/help/pages", { token: lina });
    expect(zh.status).toBe(200);
    expect(zh.body.data.locale).toBe("zh-CN");
    expect(zh.body.data.categories.map((c: { key: string }) => c.key)).toEqual(["start", "commands", "platforms", "access", "faq", "other"]);
    expect(zh.body.data.categories[1].name).toBe("聊天命令");
    const slugs = zh.body.data.items.map((p: { slug: string }) => p.slug);
    expect(slugs[0]).toBe("getting-started");
    for (const slug of ["command-run", "command-help", "connect-slack", "connect-feishu", "connect-dingtalk", "roles-and-scopes", "faq"]) expect(slugs).toContain(slug);
    expect(zh.body.data.items[0]).not.toHaveProperty("body");

    const en = await s.req("GET", "/api/v1/help/pages?category=commands", { token: lina, headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(en.body.data.locale).toBe("en");
    expect(en.body.data.categories[1].name).toBe("Chat commands");
    expect(en.body.data.items.every((p: { category: string }) => p.category === "commands")).toBe(true);
    expect(en.body.data.items.find((p: { slug: string }) => p.slug === "command-run")).toMatchObject({ title: "run a job", locale: "en", source: "shipped", commands: ["run"] });
    // both languages ship the same pages
    const all = await s.req("GET", "/api/v1/help/pages?lang=en", { token: lina });
    expect(all.body.data.items.map((p: { slug: string }) => p.slug).sort()).toEqual([...slugs].sort());
  });

  it("gives one page with its markdown; unknown slugs are 404; a sign-in is needed", async () => {
    const page = await s.req("GET", "/api/v1/help/pages/command-run", { token: lina });
    expect(page.body.data).toMatchObject({ slug: "command-run", title: "运行作业 · run", category: "commands", source: "shipped", version: 0 });
    expect(page.body.data.body).toContain("运行 daily-data-sync bizDate=2026-11-01");
    const en = await s.req("GET", "/api/v1/help/pages/command-run?lang=en", { token: lina });
    expect(en.body.data.body).toContain("updates in place");
    const missing = await s.req("GET", "/api/v1/help/pages/no-such-page", { token: lina });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 40401, reason: "help.page_not_found", message: "帮助页面「no-such-page」不存在" });
    expect((await s.req("GET", "/api/v1/help/pages")).status).toBe(401);
  });

  it("searches Chinese without spaces and English, title hits first, with snippets and highlights", async () => {
    const search = async (q: string, lang = "zh-CN") =>
      (await s.req("GET", `/api/v1/help/search?q=${encodeURIComponent(q)}&lang=${lang}`, { token: lina })).body.data.items as Hit[];
    const run = await search("运行作业");
    expect(run[0]!.slug).toBe("command-run");
    const hit = run[0]!;
    expect(hit.title_highlights.length).toBeGreaterThan(0);
    for (const [a, b] of hit.highlights) expect(["运行作业", "运行", "行作", "作业"]).toContain(hit.snippet.slice(a, b));
    // a phrase not written whole anywhere still finds the page through its two-character pieces
    expect((await search("补跑作业")).map((h) => h.slug)).toContain("command-backfill");
    expect((await search("锁定")).map((h) => h.slug)).toContain("faq");
    const lock = (await search("锁定")).find((h) => h.slug === "faq")!;
    expect(lock.snippet).toContain("锁定");

    const en = await search("run", "en");
    expect(en[0]!.slug).toBe("command-run");
    expect(en[0]!.title_highlights).toEqual([[0, 3]]);
    expect((await search("signing secret", "en"))[0]!.slug).toBe("connect-slack");
    expect(await search("zzzz-nothing")).toEqual([]);

    const empty = await s.req("GET", "/api/v1/help/search?q=", { token: lina });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe("q");
  });

  it("answers help <command> with the page summary, examples and links (aliases too)", async () => {
    const run = await s.req("GET", `/api/v1/help/commands/${encodeURIComponent("运行")}`, { token: lina });
    expect(run.body.data).toMatchObject({ command: "run", slug: "command-run", title: "运行作业 · run", path: "/help/command-run", url: null, center_path: "/help" });
    expect(run.body.data.examples).toEqual(["运行 daily-report-summary", "运行 daily-data-sync bizDate=2026-11-01", "/ops run log-cleanup"]);
    const withOrigin = await s.req("GET", "/api/v1/help/commands/approve?lang=en&origin=https://ops.example.test:8443/bot/slack/events", { token: lina });
    expect(withOrigin.body.data).toMatchObject({ slug: "command-approve-reject", url: "https://ops.example.test:8443/help/command-approve-reject", center_url: "https://ops.example.test:8443/help", locale: "en" });
    expect((await s.req("GET", "/api/v1/help/commands/flow.run", { token: lina })).body.data.slug).toBe("command-flow-run");
    const bad = await s.req("GET", "/api/v1/help/commands/javascript:alert(1)?origin=javascript:alert(1)", { token: lina });
    expect(bad.status).toBe(404);
    expect(bad.body.reason).toBe("help.command_not_found");
  });
});

describe.each(ENGINES)("help center: public links (%s)", (engine) => {
  it("uses OPS_PUBLIC_URL over the callback's origin", async () => {
    const s = await createTestSystem({ engine, demo: false, env: { OPS_PUBLIC_URL: "https://ops.example.com/" } });
    try {
      const admin = await s.login("admin");
      const r = await s.req("GET", "/api/v1/help/commands/help?origin=https://elsewhere.test", { token: admin });
      expect(r.body.data).toMatchObject({ url: "https://ops.example.com/help/command-help", center_url: "https://ops.example.com/help" });
    } finally {
      await s.close();
    }
  });
});
