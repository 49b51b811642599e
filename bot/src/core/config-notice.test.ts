import { describe, expect, it } from "vitest";
import { configNoticeCard } from "./config-answers.ts";

const text = (c: unknown) => JSON.stringify(c);

describe("config notice card", () => {
  it("reads a release notice's facts (or only its body) into the config-diff card", () => {
    const full = configNoticeCard({
      type: "config.released", table: "rates", table_name: "费率配置", release: 3, from_version: 12, to_version: 13, status: "full", actor_name: "张伟",
      at: "2026-12-04T08:30:00Z", reason: "双十二调价", summary: { added: 0, changed: 1, removed: 0 }, url: "/config/rates/history?from=12&to=13",
      rows: [{ record: "ALIPAY", field: "费率", before: "0.0300", after: "0.0350" }], rows_total: 14,
    }, "zh-CN");
    expect(full.header).toMatchObject({ title: "配置已发布：费率配置（rates）", subtitle: "发布 #3 · 版本 12 → 13 · +0 ~1 -0", tone: "success" });
    expect(text(full)).toContain("… 还有 13 项变更");
    expect(text(full)).toContain('{"label":"操作人","value":"张伟"}');

    const gray = configNoticeCard({ type: "config.released", table: "rates", release: 4, version: 14, status: "gray", gray: { percent: 20, labels: ["canary"] }, actor_name: "张伟", rows: [] }, "en");
    expect(gray.header.title).toBe("Config gray release: rates");
    expect(text(gray)).toContain("20% · #canary");

    // a sender that gives only its words: the body is shown
    const bare = configNoticeCard({ type: "config.rolled_back", table: "rates", release: 5, version: 15, status: "full", kind: "rollback", body: "张伟 回滚到版本 12：费率填错" }, "zh-CN");
    expect(bare.header).toMatchObject({ title: "配置已回滚：rates", subtitle: "发布 #5 · 版本 15" });
    expect(text(bare)).toContain("张伟 回滚到版本 12：费率填错");
    expect(configNoticeCard({ type: "config.rolled_back", table: "rates", status: "aborted" }, "zh-CN").header.title).toBe("灰度发布已终止：rates");

    const decided = configNoticeCard({ type: "config.change_decided", table: "rates", change_set_id: "cs-1", status: "failed", body: "记录 ALIPAY 已不存在", actor_name: "系统" }, "en");
    expect(decided.header).toMatchObject({ title: "Config change failed to release: rates", tone: "danger" });
    expect(text(decided)).toContain("记录 ALIPAY 已不存在");
    expect(decided.link).toBe("/config/change-sets/cs-1");
  });
});
