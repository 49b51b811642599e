/** The chat grammar (DESIGN.md §5) as a card, optionally narrowed to what the reader may use. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { linkButton, type Card } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";

export type HelpCommand =
  | "help" | "whoami" | "bind" | "run" | "runs" | "pause_resume" | "flow_run" | "backfill"
  | "approvals" | "approve_reject" | "config" | "report" | "metric" | "ticket_new" | "alerts";

const USAGE: Record<HelpCommand, string> = {
  help: "help",
  whoami: "whoami",
  bind: "bind",
  run: "run <job> [k=v…]",
  runs: "runs [job]",
  pause_resume: "pause|resume <job>",
  flow_run: "flow run <flow>",
  backfill: "backfill <job> <from>..<to>",
  approvals: "approvals",
  approve_reject: "approve <id> [comment] · reject <id> <reason>",
  config: "config get|diff …",
  report: "report [name] [k=v…]",
  metric: "metric <query>",
  ticket_new: "ticket new <title>",
  alerts: "alerts",
};

export const HELP_COMMANDS = Object.keys(USAGE) as HelpCommand[];

export type HelpData = {
  /** how commands start on this platform: "/ops" in Slack, "@OPS" or nothing in Feishu and DingTalk */
  prefix?: string;
  /** only these commands (e.g. the ones the reader is allowed to use); all when absent */
  commands?: HelpCommand[];
  /** the help center: an absolute URL, or the app path resolved against the renderer's app URL (default `/help`) */
  helpUrl?: string;
  /** shown above the list, e.g. why this card answers `help foo` */
  notice?: string;
};

export const helpText: Dict = {
  "zh-CN": {
    title: "OPS 命令帮助",
    subtitle: "在聊天中直接发送命令",
    summary: "OPS 命令帮助",
    help: "显示本帮助",
    whoami: "查看当前绑定的 OPS 账号",
    bind: "绑定 OPS 账号",
    run: "运行任务，可带参数",
    runs: "查看最近的运行记录",
    pause_resume: "暂停或恢复任务调度",
    flow_run: "运行流程",
    backfill: "按日期区间补跑任务",
    approvals: "查看待我审批的事项",
    approve_reject: "同意审批（可附意见）或拒绝审批（需写理由）",
    config: "查看配置或对比版本",
    report: "生成报表（不写名称：列出可查看的报表）",
    metric: "搜索指标字典",
    ticket_new: "新建工单",
    alerts: "查看未关闭的告警，可直接认领",
    aliases: "中文别名：运行、审批、同意、拒绝、报表、指标、工单、告警、帮助",
    more: "更多用法见应用内帮助",
    open_help: "打开帮助中心",
  },
  en: {
    title: "OPS commands",
    subtitle: "Send a command in the chat",
    summary: "OPS command help",
    help: "Show this help",
    whoami: "Show the OPS account you are bound to",
    bind: "Bind your OPS account",
    run: "Run a job, with optional parameters",
    runs: "Show recent runs",
    pause_resume: "Pause or resume a job's schedule",
    flow_run: "Run a flow",
    backfill: "Re-run a job over a date range",
    approvals: "List approvals waiting for you",
    approve_reject: "Approve (optional comment) or reject (with the reason)",
    config: "Read config or compare versions",
    report: "Generate a report (no name: list the reports you can view)",
    metric: "Search the metric dictionary",
    ticket_new: "Open a ticket",
    alerts: "List the open alerts and acknowledge them",
    aliases: "Chinese aliases: 运行, 审批, 同意, 拒绝, 报表, 指标, 工单, 告警, 帮助",
    more: "More in the in-app help",
    open_help: "Open the help center",
  },
};

export function helpCard(data: HelpData = {}, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(helpText, locale);
  const prefix = data.prefix === undefined ? "/ops" : data.prefix;
  const wanted = data.commands ? HELP_COMMANDS.filter((c) => data.commands!.includes(c)) : HELP_COMMANDS;
  const lines = wanted.map((c) => `- \`${`${prefix} ${USAGE[c]}`.trim()}\` ${tr(c)}`);
  const helpUrl = data.helpUrl ?? "/help";
  return {
    locale,
    header: { title: tr("title"), subtitle: tr("subtitle"), tone: "info" },
    blocks: [
      ...(data.notice ? [{ type: "markdown" as const, text: data.notice }] : []),
      { type: "markdown", text: lines.join("\n") },
      { type: "context", text: `${tr("aliases")} · ${tr("more")}` },
      // A link, not text: renderers resolve it (or leave it out when there is no app URL to send anyone to).
      { type: "actions", buttons: [linkButton(tr("open_help"), helpUrl)] },
    ],
    summary: tr("summary"),
    link: helpUrl,
  };
}
