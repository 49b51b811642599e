import { describe, expect, it } from "vitest";
import { parseCommand } from "./parse.ts";
import { tokenize } from "./tokenize.ts";
import { helpFor, usageMessage } from "./help.ts";
import { COMMANDS } from "./catalog.ts";
import { missingTranslations } from "../i18n/index.ts";

const parsed = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.error)}`);
  return r.command;
};
const failed = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`${text} parsed as ${JSON.stringify(r.command)}`);
  return r.error;
};

describe("chat grammar", () => {
  it("reads the same command from a slash command, a mention and Chinese aliases", () => {
    const expected = { kind: "run", job: "日报", params: { date: "2026-11-01" } };
    expect(parsed("/ops run 日报 date=2026-11-01")).toEqual(expected);
    expect(parsed("<@U0BOT> run 日报 date=2026-11-01")).toEqual(expected);
    expect(parsed("@_user_1 运行 日报 date＝2026-11-01")).toEqual(expected);
    expect(parsed("@OPS　执行　日报　date=2026-11-01")).toEqual(expected);
    expect(parsed("ops RUN 日报 date=2026-11-01")).toEqual(expected);
  });

  it("parses every command of the grammar", () => {
    expect(parsed("help")).toEqual({ kind: "help" });
    expect(parsed("帮助 运行")).toEqual({ kind: "help", topic: "run" });
    expect(parsed("")).toEqual({ kind: "help" });
    expect(parsed("whoami")).toEqual({ kind: "whoami" });
    expect(parsed("绑定")).toEqual({ kind: "bind" });
    expect(parsed("runs")).toEqual({ kind: "runs" });
    expect(parsed("runs sync-orders")).toEqual({ kind: "runs", job: "sync-orders" });
    expect(parsed("pause sync-orders")).toEqual({ kind: "pause", job: "sync-orders" });
    expect(parsed("恢复 sync-orders")).toEqual({ kind: "resume", job: "sync-orders" });
    expect(parsed("flow run etl region=east")).toEqual({ kind: "flow.run", flow: "etl", params: { region: "east" } });
    expect(parsed("流程 运行 etl")).toEqual({ kind: "flow.run", flow: "etl", params: {} });
    expect(parsed("backfill sync 2026-11-01..2026-11-07")).toEqual({ kind: "backfill", job: "sync", from: "2026-11-01", to: "2026-11-07" });
    expect(parsed("补数 sync 2026-11-01 至 2026-11-07")).toMatchObject({ from: "2026-11-01", to: "2026-11-07" });
    expect(parsed("审批")).toEqual({ kind: "approvals" });
    expect(parsed("approve A-42")).toEqual({ kind: "approve", id: "A-42" });
    expect(parsed('同意 A-42 "looks good, ship it"')).toEqual({ kind: "approve", id: "A-42", comment: "looks good, ship it" });
    expect(parsed("拒绝 A-42 预算 不足")).toEqual({ kind: "reject", id: "A-42", comment: "预算 不足" });
    expect(parsed("config get rates alipay")).toEqual({ kind: "config.get", table: "rates", key: "alipay" });
    expect(parsed("配置 查看 rates")).toEqual({ kind: "config.get", table: "rates" });
    expect(parsed("配置 对比 rates")).toEqual({ kind: "config.diff", table: "rates" });
    expect(parsed("config diff rates 3..5")).toEqual({ kind: "config.diff", table: "rates", from: 3, to: 5 });
    expect(parsed("配置 差异 rates v3 至 v5")).toEqual({ kind: "config.diff", table: "rates", from: 3, to: 5 });
    expect(parsed("报表 销售日报 month=2026-10")).toEqual({ kind: "report", name: "销售日报", params: { month: "2026-10" } });
    expect(parsed("report")).toEqual({ kind: "report", params: {} });
    expect(parsed("指标 成交额")).toEqual({ kind: "metric", query: "成交额" });
    expect(parsed("metric order count")).toEqual({ kind: "metric", query: "order count" });
    expect(parsed("工单 新建 “打印机 卡纸”")).toEqual({ kind: "ticket.new", title: "打印机 卡纸" });
    expect(parsed("ticket new printer jams again")).toEqual({ kind: "ticket.new", title: "printer jams again" });
    expect(parsed("/ops alerts")).toEqual({ kind: "alerts" });
    expect(parsed("告警")).toEqual({ kind: "alerts" });
    expect(parsed("@OPS 报警")).toEqual({ kind: "alerts" });
    expect(parsed("帮助 告警")).toEqual({ kind: "help", topic: "alerts" });
  });

  it("answers mistakes with the usage of the command meant", () => {
    expect(failed("deploy prod")).toEqual({ code: "chat.unknown_command", word: "deploy" });
    expect(failed("run")).toEqual({ code: "chat.usage", usage: "run" });
    expect(failed("run date=2026-11-01")).toEqual({ code: "chat.usage", usage: "run" });
    expect(failed("run 日报 not-a-pair")).toEqual({ code: "chat.usage", usage: "run" });
    expect(failed("approve")).toEqual({ code: "chat.usage", usage: "approve" });
    expect(failed("flow etl")).toEqual({ code: "chat.usage", usage: "flow.run" });
    expect(failed("config payments")).toEqual({ code: "chat.usage", usage: "config.get" });
    expect(failed("config get payments a b")).toEqual({ code: "chat.usage", usage: "config.get" });
    expect(failed("config diff")).toEqual({ code: "chat.usage", usage: "config.diff" });
    expect(failed("config diff rates yesterday..today")).toEqual({ code: "chat.invalid_versions", usage: "config.diff" });
    expect(failed("config diff rates 3")).toEqual({ code: "chat.invalid_versions", usage: "config.diff" });
    expect(failed("ticket new")).toEqual({ code: "chat.usage", usage: "ticket.new" });
    expect(failed("指标")).toEqual({ code: "chat.usage", usage: "metric" });
    expect(failed("report region=华东")).toEqual({ code: "chat.usage", usage: "report" });
    expect(failed("backfill sync 2026-11-07..2026-11-01")).toEqual({ code: "chat.invalid_range", usage: "backfill" });
    expect(failed("backfill sync yesterday..today")).toEqual({ code: "chat.invalid_range", usage: "backfill" });
    expect(failed("backfill sync")).toEqual({ code: "chat.usage", usage: "backfill" });
  });

  it("keeps quoted words whole, including empty ones", () => {
    expect(tokenize('run "a b" \'c d\' 「e f」 ""')).toEqual(["run", "a b", "c d", "e f", ""]);
  });

  it("lists in help only the commands the caller may use, in their language", () => {
    const specialist = helpFor(["jobs:view", "jobs:run", "approvals:view"], "zh-CN").map((l) => l.kind);
    expect(specialist).toEqual(["help", "whoami", "bind", "run", "runs", "approvals"]);
    expect(helpFor(["monitor:view"], "zh-CN").at(-1)).toEqual({ kind: "alerts", usage: "告警", description: "查看未关闭的告警（级别、状态、开始时间），可直接认领" });
    expect(helpFor(["*"], "en").map((l) => l.kind)).toEqual(COMMANDS.map((c) => c.kind));
    expect(helpFor([], "en")[0]).toEqual({ kind: "help", usage: "help [command]", description: "List the commands you can use" });
  });

  it("explains usage errors in both languages, with every message translated", () => {
    expect(usageMessage({ code: "chat.usage", usage: "run" }, "zh-CN")).toBe("命令格式不对\n用法：运行 <作业> [参数=值 …]");
    expect(usageMessage({ code: "chat.unknown_command", word: "deploy" }, "en")).toContain('"deploy"');
    expect(missingTranslations()).toEqual([]);
  });
});
