import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";

const edited = {
  locale: "zh-CN", title: "运行作业（已修订）", summary: "立即运行一个作业。修订版。", category: "commands",
  body: "```text\n运行 日报 date=2026-12-01\n```\n\n修订后的说明。", note: "补充示例",
};

describe.each(ENGINES)("help center: editing (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let lina: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    admin = await s.login("admin");
    lina = await s.login("lina");
  });
  afterAll(() => s?.close());

  const audit = async (action: string) =>
    ((await s.req("GET", `/api/v1/audit/logs?module=help&action=${action}&status=success`, { token: admin })).body.data.items as Array<Record<string, any>>);

  it("refuses 运营专员 every edit (403) and changes nothing", async () => {
    const tries = [
      await s.req("PUT", "/api/v1/help/pages/command-run", { token: lina, body: edited }),
      await s.req("POST", "/api/v1/help/pages", { token: lina, body: { ...edited, slug: "my-page" } }),
      await s.req("DELETE", "/api/v1/help/pages/command-run?locale=zh-CN", { token: lina }),
      await s.req("GET", "/api/v1/help/pages/command-run/versions?locale=zh-CN", { token: lina }),
      await s.req("POST", "/api/v1/help/pages/command-run/revert", { token: lina, body: { locale: "zh-CN", version: 1 } }),
    ];
    for (const r of tries) expect(r.body).toMatchObject({ code: 40301, reason: "auth.forbidden" });
    expect((await s.req("GET", "/api/v1/help/pages/command-run", { token: lina })).body.data.source).toBe("shipped");
  });

  it("overrides a shipped page as versions, reverts, resets to the shipped text, each audited with before/after", async () => {
    const v1 = await s.req("PUT", "/api/v1/help/pages/command-run", { token: admin, body: { ...edited, base_version: 0 } });
    expect(v1.status).toBe(200);
    expect(v1.body.data).toMatchObject({ slug: "command-run", title: "运行作业（已修订）", source: "override", version: 1, commands: ["run"], order: 30 });
    // every reader sees it, in that language only; chat's help <command> too
    expect((await s.req("GET", "/api/v1/help/pages/command-run", { token: lina })).body.data.title).toBe("运行作业（已修订）");
    expect((await s.req("GET", "/api/v1/help/pages/command-run?lang=en", { token: lina })).body.data.title).toBe("run a job");
    const card = await s.req("GET", "/api/v1/help/commands/run", { token: lina });
    expect(card.body.data).toMatchObject({ title: "运行作业（已修订）", examples: ["运行 日报 date=2026-12-01"] });
    expect((await s.req("GET", `/api/v1/help/search?q=${encodeURIComponent("修订")}`, { token: lina })).body.data.items[0].slug).toBe("command-run");

    const v2 = await s.req("PUT", "/api/v1/help/pages/command-run", { token: admin, body: { ...edited, title: "运行作业 v2", note: undefined, base_version: 1 } });
    expect(v2.body.data.version).toBe(2);
    const stale = await s.req("PUT", "/api/v1/help/pages/command-run", { token: admin, body: { ...edited, base_version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: "help.stale_version", errors: [{ field: "base_version" }] });

    const history = await s.req("GET", "/api/v1/help/pages/command-run/versions?locale=zh-CN", { token: admin });
    expect(history.body.data).toMatchObject({ current: 2, shipped: true });
    expect(history.body.data.items.map((v: { version: number; note: string | null; created_by_name: string }) => [v.version, v.note, v.created_by_name])).toEqual([
      [2, null, "管理员"], [1, "补充示例", "管理员"],
    ]);
    expect((await s.req("GET", "/api/v1/help/pages/command-run/versions/1?locale=zh-CN", { token: admin })).body.data.title).toBe("运行作业（已修订）");
    expect((await s.req("GET", "/api/v1/help/pages/command-run/versions/0?locale=zh-CN", { token: admin })).body.data.title).toBe("运行作业 · run");
    expect((await s.req("GET", "/api/v1/help/pages/command-run/versions/9?locale=zh-CN", { token: admin })).body.reason).toBe("help.version_not_found");

    const reverted = await s.req("POST", "/api/v1/help/pages/command-run/revert", { token: admin, body: { locale: "zh-CN", version: 1 } });
    expect(reverted.body.data).toMatchObject({ version: 3, title: "运行作业（已修订）" });
    const updates = await audit("page.update");
    expect(updates).toHaveLength(2);
    expect(updates.every((r) => r.resource_type === "help_page" && r.resource_id === "command-run:zh-CN")).toBe(true);
    const first = updates.find((r) => r.after?.version === 1)!;
    expect(first.before).toMatchObject({ version: 0, title: "运行作业 · run" });
    expect(first.after).toMatchObject({ version: 1, title: "运行作业（已修订）" });
    const [revertRow] = await audit("page.revert");
    expect(revertRow!.before).toMatchObject({ version: 2, title: "运行作业 v2" });
    expect(revertRow!.after).toMatchObject({ version: 3, title: "运行作业（已修订）" });

    const reset = await s.req("DELETE", "/api/v1/help/pages/command-run?locale=zh-CN", { token: admin });
    expect(reset.body.data).toEqual({ slug: "command-run", locale: "zh-CN", reset: true });
    expect((await s.req("GET", "/api/v1/help/pages/command-run", { token: lina })).body.data).toMatchObject({ source: "shipped", title: "运行作业 · run" });
    const [resetRow] = await audit("page.delete");
    expect(resetRow!.before).toMatchObject({ version: 3 });
    expect(resetRow!.after).toMatchObject({ version: 0, title: "运行作业 · run" });
    expect((await s.req("DELETE", "/api/v1/help/pages/command-run?locale=zh-CN", { token: admin })).body.reason).toBe("help.nothing_to_reset");
    // the history stays; the next override continues the numbering
    expect((await s.req("GET", "/api/v1/help/pages/command-run/versions?locale=zh-CN", { token: admin })).body.data).toMatchObject({ current: 0 });
    const again = await s.req("POST", "/api/v1/help/pages/command-run/revert", { token: admin, body: { locale: "zh-CN", version: 2 } });
    expect(again.body.data).toMatchObject({ version: 4, title: "运行作业 v2", source: "override" });
    await s.req("DELETE", "/api/v1/help/pages/command-run?locale=zh-CN", { token: admin });
  });

  it("adds a page of its own, found by search in its language and read in the other one too, then deletes it", async () => {
    const body = { slug: "vpn-guide", locale: "en", title: "VPN guide", summary: "Reaching the office network", category: "other", body: "Use **WireGuard**.", note: "first" };
    const created = await s.req("POST", "/api/v1/help/pages", { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ slug: "vpn-guide", source: "custom", version: 1, locale: "en" });
    // no zh-CN text: a zh-CN reader gets the English page rather than nothing
    expect((await s.req("GET", "/api/v1/help/pages/vpn-guide", { token: lina })).body.data).toMatchObject({ title: "VPN guide", locale: "en" });
    expect((await s.req("GET", "/api/v1/help/search?q=wireguard&lang=en", { token: lina })).body.data.items[0].slug).toBe("vpn-guide");
    const zh = await s.req("PUT", "/api/v1/help/pages/vpn-guide", { token: admin, body: { ...body, slug: undefined, locale: "zh-CN", title: "VPN 指南", summary: "连接办公网络" } });
    expect(zh.body.data).toMatchObject({ locale: "zh-CN", version: 1, source: "custom" });
    const [row] = await audit("page.create");
    expect(row).toMatchObject({ resource_id: "vpn-guide:en", before: null });

    const taken = await s.req("POST", "/api/v1/help/pages", { token: admin, body: { ...body, slug: "faq" } });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ reason: "help.slug_taken", errors: [{ field: "slug" }] });

    expect((await s.req("DELETE", "/api/v1/help/pages/vpn-guide?locale=en", { token: admin })).body.data.reset).toBe(false);
    expect((await s.req("GET", "/api/v1/help/pages/vpn-guide?lang=en", { token: lina })).body.data.locale).toBe("zh-CN");
    await s.req("DELETE", "/api/v1/help/pages/vpn-guide?locale=zh-CN", { token: admin });
    expect((await s.req("GET", "/api/v1/help/pages/vpn-guide", { token: lina })).status).toBe(404);
  });

  it("names the field at fault, in the caller's language, and saves nothing", async () => {
    const bad = async (method: string, path: string, body: unknown) => s.req(method, path, { token: admin, body, headers: { "accept-language": "en" } });
    const slug = await bad("POST", "/api/v1/help/pages?lang=en", { ...edited, slug: "Bad Slug!" });
    expect(slug.status).toBe(400);
    expect(slug.body.errors).toEqual([{ field: "slug", message: expect.stringContaining("lower-case letters") }]);
    const missing = await bad("PUT", "/api/v1/help/pages/faq?lang=en", { locale: "zh-CN", summary: "x", category: "faq", body: "x" });
    expect(missing.body.errors).toEqual([{ field: "title", message: "Required" }]);
    const category = await bad("PUT", "/api/v1/help/pages/faq?lang=en", { ...edited, category: "nope" });
    expect(category.body.errors[0].field).toBe("category");
    const locale = await bad("PUT", "/api/v1/help/pages/faq?lang=en", { ...edited, locale: "fr" });
    expect(locale.body.errors[0].field).toBe("locale");
    const blank = await bad("PUT", "/api/v1/help/pages/faq?lang=en", { ...edited, title: "   " });
    expect(blank.body.errors[0]).toMatchObject({ field: "title" });
    const extra = await bad("PUT", "/api/v1/help/pages/faq?lang=en", { ...edited, html: "<script>" });
    expect(extra.body.errors[0]).toMatchObject({ field: "html", message: "Unknown field" });
    expect((await s.req("PUT", "/api/v1/help/pages/no-such-page", { token: admin, body: edited })).status).toBe(404);
    expect((await s.req("GET", "/api/v1/help/pages/faq", { token: lina })).body.data.source).toBe("shipped");
    expect((await s.req("GET", "/api/v1/help/pages/faq/versions?locale=zh-CN", { token: admin })).body.data.items).toEqual([]);
  });
});
