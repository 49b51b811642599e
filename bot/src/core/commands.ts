/** A chat command → the cards that answer it, computed through the API as the caller. */
import { errorCard, helpCard, type HelpCommand } from "@ops/cards";
import { allowed, COMMANDS, parseCommand, t, type Command, type CommandKind, type UsageError } from "@ops/shared";
import { errorAnswer, isUnbound, type Answer, type AnswerCtx } from "./answer.ts";
import { helpAnswer, helpTopicAnswer } from "./help-answers.ts";
import { bindAnswer, loadMe, whoamiAnswer } from "./identity.ts";
import { backfillAnswer } from "./backfill-answers.ts";
import { flowRunAnswer } from "./flow-answers.ts";
import { pauseAnswer, runJobAnswer, runsAnswer } from "./job-answers.ts";
import { ticketNewAnswer } from "./ticket-answers.ts";
import { approvalsAnswer, decideCommand } from "./approval-answers.ts";
import { configDiffAnswer, configGetAnswer } from "./config-answers.ts";
import { reportAnswer, reportListAnswer } from "./report-answers.ts";
import { metricAnswer } from "./metric-answers.ts";
import { alertsAnswer } from "./alert-answers.ts";

/** Commands anyone may use, bound or not. */
const OPEN: HelpCommand[] = ["help", "whoami", "bind"];

export async function answerCommand(ctx: AnswerCtx, text: string): Promise<Answer[]> {
  const parsed = parseCommand(text);
  if (!parsed.ok) return [usageAnswer(ctx, parsed.error)];
  try {
    return await run(ctx, parsed.command);
  } catch (error) {
    if (isUnbound(error)) return unboundAnswer(ctx, parsed.command);
    return [errorAnswer(ctx, error)];
  }
}

async function run(ctx: AnswerCtx, command: Command): Promise<Answer[]> {
  switch (command.kind) {
    case "help":
      return [command.topic ? await helpTopicAnswer(ctx, command.topic) : await helpAnswer(ctx)];
    case "whoami":
    case "bind":
      // Bound already: binding again changes nothing, so show who this account is.
      return [await whoamiAnswer(ctx)];
    case "run":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await runJobAnswer(ctx, command.job, command.params))];
    case "runs":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await runsAnswer(ctx, command.job))];
    case "pause":
    case "resume":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await pauseAnswer(ctx, command.job, command.kind === "pause"))];
    case "flow.run":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await flowRunAnswer(ctx, command.flow, command.params))];
    case "backfill":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await backfillAnswer(ctx, command.job, command.from, command.to))];
    case "approvals":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await approvalsAnswer(ctx))];
    case "approve":
    case "reject":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await decideCommand(ctx, command.kind, command.id, command.comment))];
    case "config.get":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await configGetAnswer(ctx, command.table, command.key))];
    case "config.diff":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await configDiffAnswer(ctx, command.table, command.from, command.to))];
    case "report":
      return [(await deniedAnswer(ctx, command.kind)) ?? (command.name ? await reportAnswer(ctx, command.name, command.params) : await reportListAnswer(ctx))];
    case "metric":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await metricAnswer(ctx, command.query))];
    case "ticket.new":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await ticketNewAnswer(ctx, command.title))];
    case "alerts":
      return [(await deniedAnswer(ctx, command.kind)) ?? (await alertsAnswer(ctx))];
    default:
      // every command answers today; one the grammar gains before its answer lands says so
      return [await notYetAnswer(ctx, (command as Command).kind)];
  }
}

/** A forbidden card naming the permission the command needs, or null when the caller holds it (the API checks again). */
async function deniedAnswer(ctx: AnswerCtx, kind: CommandKind): Promise<Answer | null> {
  const me = await loadMe(ctx);
  const spec = COMMANDS.find((c) => c.kind === kind)!;
  if (allowed(spec, me.permissions)) return null;
  return { kind: "error", card: errorCard({ code: "auth.forbidden", status: 403, params: { permission: spec.permission } }, ctx.locale) };
}

/** The capability behind this command has not shipped: RBAC first (a 403 says more than "later"), then say so. */
async function notYetAnswer(ctx: AnswerCtx, kind: CommandKind): Promise<Answer> {
  const denied = await deniedAnswer(ctx, kind);
  if (denied) return denied;
  const command = t(ctx.locale, `chat.usage.${kind}`);
  return { kind: "error", card: errorCard({ code: "chat.not_available", status: 404, params: { command } }, ctx.locale) };
}

/** An unbound chat account: what anyone may do, and a one-time link to bind (help), or just the link. */
async function unboundAnswer(ctx: AnswerCtx, command: Command): Promise<Answer[]> {
  try {
    const bind = await bindAnswer(ctx);
    if (command.kind !== "help") return [bind];
    return [{ kind: "help", card: helpCard({ prefix: ctx.prefix, commands: OPEN }, ctx.locale) }, bind];
  } catch (error) {
    return [errorAnswer(ctx, error)];
  }
}

function usageAnswer(ctx: AnswerCtx, error: UsageError): Answer {
  const card = errorCard({ code: error.code, status: 400, params: { word: error.word ?? "" } }, ctx.locale);
  if (error.usage) card.blocks.push({ type: "markdown", text: t(ctx.locale, "chat.usage_line", { usage: `\`${t(ctx.locale, `chat.usage.${error.usage}`)}\`` }) });
  return { kind: "error", card };
}
