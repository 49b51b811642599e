import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "@ops/api/testing/harness.ts";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/**
 * `report` and `metric` through the web console on each store engine (the demo reports live in the built-in store):
 * each viewer's digest holds only their rows, an injected control value is refused by the field, the list and the
 * metric card read the same on SQLite and PostgreSQL.
 */
type WebCard = { header: { title: string; tone: string }; blocks: Array<{ type: string; fields?: Array<{ label: string; value: string }>; rows?: Array<Record<string, string>> }> };

for (const engine of ENGINES) {
  describe(`chat: reports on ${engine}`, () => {
    let h: BotHarness;
    beforeAll(async () => {
      h = await startBotHarness({ engine });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    const say = async (username: string, text: string) =>
      (await h.req("POST", "/api/v1/chat/commands", { token: await h.login(username), body: { text } })).body.data.cards as WebCard[];
    const kpis = (c: WebCard) => c.blocks.find((b) => b.type === "fields")?.fields ?? [];
    const cities = (c: WebCard) => (c.blocks.find((b) => b.type === "table")?.rows ?? []).map((r) => Object.values(r)[0]);

    it("gives 李娜 only her region's rows and 张伟 all of his; an injected value is refused by the field", async () => {
      const [lina] = await say("lina", "报表 sales-by-city");
      const [zhangwei] = await say("zhangwei", "report sales-by-city");
      expect(kpis(lina!).length).toBeGreaterThan(0);
      expect(kpis(lina!)).not.toEqual(kpis(zhangwei!));
      expect(cities(lina!).length).toBeGreaterThan(0);
      expect(cities(zhangwei!)).toEqual(expect.arrayContaining(cities(lina!)));
      expect(cities(zhangwei!).length).toBeGreaterThan(cities(lina!).length);

      const [refused] = await say("zhangwei", "report sales-by-city \"region=华东' OR '1'='1\"");
      expect(refused!.header.title).toBe("请求有误");
      expect(JSON.stringify(refused)).toContain('"label":"region"');
    }, 60_000);

    it("lists the reports and shows the demo metric", async () => {
      const [list] = await say("zhangwei", "report");
      expect(JSON.stringify(list)).toContain("sales-by-city");
      const [metric] = await say("lina", "指标 成交额");
      expect(metric!.header.title).toContain("成交额");
      expect(JSON.stringify(metric)).toContain("计算口径");
    }, 30_000);
  });
}
