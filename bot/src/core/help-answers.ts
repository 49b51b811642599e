/**
 * `help` and `help <command>` in chat. The list comes from the grammar (only what the caller may use);
 * a command's page (title, summary, examples, links) comes from the API's help center, so an admin's
 * edit of the page shows in chat too. Links follow the API: OPS_PUBLIC_URL, else the origin the
 * platform's callback reached (as bind links do); the web console keeps app paths.
 */
import { helpCard, helpTopicCard, type HelpCommand } from "@ops/cards";
import type { CommandHelp } from "@ops/api/modules/help/index.ts";
import { allowed, COMMANDS, t, type CommandKind } from "@ops/shared";
import { ApiCallError, data } from "./api-client.ts";
import type { Answer, AnswerCtx } from "./answer.ts";
import { loadMe } from "./identity.ts";

const HELP_ID: Record<CommandKind, HelpCommand> = {
  help: "help", whoami: "whoami", bind: "bind", run: "run", runs: "runs", pause: "pause_resume", resume: "pause_resume",
  "flow.run": "flow_run", backfill: "backfill", approvals: "approvals", approve: "approve_reject", reject: "approve_reject",
  "config.get": "config", "config.diff": "config", report: "report", metric: "metric", "ticket.new": "ticket_new",
  alerts: "alerts",
};

async function commandHelp(ctx: AnswerCtx, command: string): Promise<CommandHelp> {
  const origin = ctx.platform === "web" ? undefined : ctx.requester?.origin;
  return data<CommandHelp>(
    ctx.api.as(ctx.caller).api.v1.help.commands[":command"].$get({
      param: { command },
      query: { lang: ctx.locale, ...(origin ? { origin } : {}) },
    }),
  );
}

const pageUrl = (ctx: AnswerCtx, h: { path: string; url: string | null }) => (ctx.platform === "web" ? h.path : (h.url ?? h.path));

/** The commands the caller may use, ending with the link to the help center; `notice` explains an unknown topic. */
export async function helpAnswer(ctx: AnswerCtx, notice?: string): Promise<Answer> {
  const me = await loadMe(ctx);
  const mine = COMMANDS.filter((spec) => allowed(spec, me.permissions)).map((spec) => HELP_ID[spec.kind]);
  // The help center's link as the API would make it; without one the app path (the renderer's OPS_PUBLIC_URL).
  const center = await commandHelp(ctx, "help").catch(() => null);
  const helpUrl = center ? pageUrl(ctx, { path: center.center_path, url: center.center_url }) : "/help";
  return { kind: "help", card: helpCard({ prefix: ctx.prefix, commands: [...new Set(mine)], helpUrl, ...(notice ? { notice } : {}) }, ctx.locale) };
}

/** `help <command>`: the page in short with its link; an unknown word gets the list instead. */
export async function helpTopicAnswer(ctx: AnswerCtx, topic: string): Promise<Answer> {
  const me = await loadMe(ctx);
  let page: CommandHelp;
  try {
    page = await commandHelp(ctx, topic);
  } catch (error) {
    if (error instanceof ApiCallError && error.reason === "help.command_not_found") {
      return helpAnswer(ctx, t(ctx.locale, "help.command_not_found", { command: Array.from(topic).slice(0, 40).join("") }));
    }
    throw error;
  }
  const specs = COMMANDS.filter((c) => c.kind.split(".")[0] === page.command);
  const missing = specs.length && !specs.some((spec) => allowed(spec, me.permissions)) ? specs[0]!.permission : null;
  const card = helpTopicCard({
    title: page.title, summary: page.summary, examples: page.examples, url: pageUrl(ctx, page),
    helpUrl: pageUrl(ctx, { path: page.center_path, url: page.center_url }),
    ...(missing ? { missingPermission: missing } : {}),
  }, ctx.locale);
  return { kind: "help", card };
}
