import { describe, expect, it } from "vitest";
import { createApiClient } from "./api-client.ts";
import type { AnswerCtx } from "./answer.ts";
import { configDiffAnswer } from "./config-answers.ts";

/**
 * Which versions `config diff <table>` compares without a range, against a canned API: the last full release's
 * version against the newest when they differ (a gray or scheduled release pending), else the last two versions.
 */
function ctxWith(table: { version: number; release: number | null }, releaseVersion: number) {
  const asked: string[] = [];
  const fetch = (req: Request) => {
    const url = new URL(req.url);
    asked.push(`${url.pathname}${url.search}`);
    const body = (data: unknown) => Response.json({ code: 0, message: "ok", data, timestamp: 0 });
    if (url.pathname.endsWith("/versions/diff")) return body({ from: Number(url.searchParams.get("from")), to: Number(url.searchParams.get("to")), diff: [] });
    if (url.pathname.endsWith("/releases")) return body({ items: table.release ? [{ number: table.release, version: releaseVersion, status: "full" }] : [], total: table.release ? 1 : 0 });
    return body({ name: "rates", display_name: "费率配置", fields: [], key_field: "code", ...table });
  };
  const ctx = {
    api: createApiClient({ fetch, botKey: "k" }), caller: { kind: "web", authorization: "Bearer x", locale: "zh-CN" }, platform: "web",
    externalUserId: "admin", prefix: "", locale: "zh-CN", logger: { debug() {}, info() {}, warn() {}, error() {} },
  } as unknown as AnswerCtx;
  return { ctx, asked };
}

describe("config diff: the default range", () => {
  it("is the last full release against the newest version when something is not released yet", async () => {
    const { ctx, asked } = ctxWith({ version: 7, release: 3 }, 4);
    const answer = await configDiffAnswer(ctx, "rates");
    expect(answer.card.header.subtitle).toBe("版本 4 → 7 · +0 ~0 -0");
    expect(asked).toContain("/api/v1/config/tables/rates/releases?status=full&page=1&page_size=1");
    expect(asked).toContain("/api/v1/config/tables/rates/versions/diff?from=4&to=7");
  });

  it("is the last two versions when the newest is released (or nothing ever was)", async () => {
    expect((await configDiffAnswer(ctxWith({ version: 7, release: 3 }, 7).ctx, "rates")).card.header.subtitle).toBe("版本 6 → 7 · +0 ~0 -0");
    const never = ctxWith({ version: 1, release: null }, 0);
    expect((await configDiffAnswer(never.ctx, "rates")).card.header.subtitle).toBe("版本 0 → 1 · +0 ~0 -0");
  });

  it("says a table without versions has nothing to compare", async () => {
    const answer = await configDiffAnswer(ctxWith({ version: 0, release: null }, 0).ctx, "rates");
    expect(JSON.stringify(answer.card)).toContain("配置表「rates」还没有可对比的版本");
  });
});
