import type { CommandKind } from "./command.ts";

/**
 * Every command, the permission it needs (null: anyone signed in) and its words. The first
 * word is canonical; the rest are aliases, Chinese ones included (DESIGN.md §5).
 */
export type CommandSpec = { kind: CommandKind; permission: string | null; usage: string };

export const COMMANDS: CommandSpec[] = [
  { kind: "help", permission: null, usage: "help [command]" },
  { kind: "whoami", permission: null, usage: "whoami" },
  { kind: "bind", permission: null, usage: "bind" },
  { kind: "run", permission: "jobs:run", usage: "run <job> [key=value …]" },
  { kind: "runs", permission: "jobs:view", usage: "runs [job]" },
  { kind: "pause", permission: "jobs:manage", usage: "pause <job>" },
  { kind: "resume", permission: "jobs:manage", usage: "resume <job>" },
  { kind: "flow.run", permission: "flows:run", usage: "flow run <flow> [key=value …]" },
  { kind: "backfill", permission: "jobs:manage", usage: "backfill <job> <from>..<to>" },
  { kind: "approvals", permission: "approvals:view", usage: "approvals" },
  { kind: "approve", permission: "approvals:decide", usage: "approve <id> [comment]" },
  { kind: "reject", permission: "approvals:decide", usage: "reject <id> <reason>" },
  { kind: "config.get", permission: "config:view", usage: "config get <table> [key]" },
  { kind: "config.diff", permission: "config:view", usage: "config diff <table> [from..to]" },
  { kind: "report", permission: "reports:view", usage: "report [name] [key=value …]" },
  { kind: "metric", permission: "reports:view", usage: "metric <query>" },
  { kind: "ticket.new", permission: "tickets:create", usage: "ticket new <title>" },
  { kind: "alerts", permission: "monitor:view", usage: "alerts" },
];

/** First words (lower-cased) → the verb they stand for. */
export const VERBS: Record<string, string> = {
  help: "help", "?": "help", 帮助: "help",
  whoami: "whoami", 我是谁: "whoami",
  bind: "bind", 绑定: "bind",
  run: "run", 运行: "run", 执行: "run",
  runs: "runs", 运行记录: "runs",
  pause: "pause", 暂停: "pause",
  resume: "resume", 恢复: "resume",
  flow: "flow", 流程: "flow",
  backfill: "backfill", 补数: "backfill", 回填: "backfill",
  approvals: "approvals", 审批: "approvals", 待审批: "approvals",
  approve: "approve", 同意: "approve", 通过: "approve",
  reject: "reject", 拒绝: "reject", 驳回: "reject",
  config: "config", 配置: "config",
  report: "report", 报表: "report",
  metric: "metric", metrics: "metric", 指标: "metric",
  ticket: "ticket", 工单: "ticket",
  alerts: "alerts", alert: "alerts", 告警: "alerts", 报警: "alerts",
};

/** Second words of two-word commands (`flow run`, `config get`, `ticket new`). */
export const SUBVERBS: Record<string, string> = {
  run: "run", 运行: "run", 执行: "run",
  get: "get", 查看: "get", 获取: "get",
  diff: "diff", 对比: "diff", 差异: "diff",
  new: "new", 新建: "new", 创建: "new",
};

export function specOf(kind: CommandKind): CommandSpec {
  return COMMANDS.find((c) => c.kind === kind)!;
}
