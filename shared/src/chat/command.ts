/**
 * What a chat message asks for, once parsed: the same union for Slack, Feishu, DingTalk and
 * the web console. Adapters produce it; the bot's core turns it into API calls as the user.
 */
export type Params = Record<string, string>;

export type Command =
  | { kind: "help"; topic?: string }
  | { kind: "whoami" }
  | { kind: "bind" }
  | { kind: "run"; job: string; params: Params }
  | { kind: "runs"; job?: string }
  | { kind: "pause"; job: string }
  | { kind: "resume"; job: string }
  | { kind: "flow.run"; flow: string; params: Params }
  | { kind: "backfill"; job: string; from: string; to: string }
  | { kind: "approvals" }
  | { kind: "approve"; id: string; comment?: string }
  | { kind: "reject"; id: string; comment?: string }
  | { kind: "config.get"; table: string; key?: string }
  /** two versions of the table (`from..to`); none: the last full release against the newest version */
  | { kind: "config.diff"; table: string; from?: number; to?: number }
  /** no name: the reports the caller may view (favourites first) */
  | { kind: "report"; name?: string; params: Params }
  /** search the metric dictionary (指标字典) */
  | { kind: "metric"; query: string }
  | { kind: "ticket.new"; title: string }
  /** the open alerts (firing, acknowledged, silenced), newest first */
  | { kind: "alerts" };

export type CommandKind = Command["kind"];

/** Why a message could not be parsed; `usage` names the command whose usage to show. */
export type UsageError = { code: "chat.unknown_command" | "chat.usage" | "chat.invalid_range" | "chat.invalid_versions"; usage?: CommandKind; word?: string };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: UsageError };
