/** A card button click → the change through the API as the clicker, and the card that replaces it. */
import { errorCard, notificationCard, type CardAction } from "@ops/cards";
import { data } from "./api-client.ts";
import { errorAnswer, isUnbound, type ActionAnswer, type Answer, type AnswerCtx } from "./answer.ts";
import { bindAnswer, bindHintAnswer, bindingOfCaller, loadMe } from "./identity.ts";
import { refreshBackfillAction } from "./backfill-answers.ts";
import { cancelFlowRunAction, decideWaitAction, pauseFlowAction, retryFlowRunAction } from "./flow-answers.ts";
import { cancelRunAction, pauseAnswer, retryRunAction } from "./job-answers.ts";
import { moveTicketAction } from "./ticket-answers.ts";
import { decideAction, openAction } from "./approval-answers.ts";
import { openReportAction, rerunReportAction } from "./report-answers.ts";
import { alertAction } from "./alert-answers.ts";

type Handler = (ctx: AnswerCtx, action: CardAction) => Promise<ActionAnswer>;

const HANDLERS: Record<string, Handler> = {
  "identity.unbind": unbind,
  "notify.read": markRead,
  "job.cancel": async (ctx, action) => ({ update: await cancelRunAction(ctx, String(action.value.run_id ?? "")), cards: [] }),
  "job.retry": async (ctx, action) => ({ update: null, cards: [await retryRunAction(ctx, String(action.value.run_id ?? ""))] }),
  // a job alert's 暂停任务: the API pauses it as the clicker (jobs:manage, data scope, audit); the alert stays as it was
  "job.pause": async (ctx, action) => ({ update: null, cards: [await pauseAnswer(ctx, String(action.value.job_id ?? ""), true)] }),
  "flow.cancel": (ctx, action) => cancelFlowRunAction(ctx, String(action.value.run_id ?? "")),
  "flow.pause": (ctx, action) => pauseFlowAction(ctx, String(action.value.flow_id ?? "")),
  "flow.retry": (ctx, action) => retryFlowRunAction(ctx, String(action.value.run_id ?? ""), action.value.keep === true),
  "flow.continue": (ctx, action) => decideWaitAction(ctx, String(action.value.run_id ?? ""), String(action.value.node ?? ""), "continue"),
  "flow.reject": (ctx, action) => decideWaitAction(ctx, String(action.value.run_id ?? ""), String(action.value.node ?? ""), "reject"),
  // a ticket card's next step (approve, assign, start, submit, confirm, send back, close) as the clicker
  "ticket.move": moveTicketAction,
  // an approval card's buttons and the list's Open, as the clicker (approvals:decide, the engine's one-transition rule, audit)
  "approval.approve": (ctx, action) => decideAction(ctx, action, "approve"),
  "approval.reject": (ctx, action) => decideAction(ctx, action, "reject"),
  "approval.open": openAction,
  // a digest's 重新生成 (with the period chosen) as the clicker, in place; a report button elsewhere opens its digest
  "report.run": rerunReportAction,
  "report.open": openReportAction,
  // an alert card's (or the alert list's) buttons as the clicker (monitor:ack, the alert's transitions, audit);
  // the API refreshes every copy of the alert, so everyone who got it sees who has it
  "alert.ack": (ctx, action) => alertAction(ctx, action, "ack"),
  "alert.resolve": (ctx, action) => alertAction(ctx, action, "resolve"),
  "alert.silence": (ctx, action) => alertAction(ctx, action, "silence"),
  "job.backfill_refresh": async (ctx, action) => ({
    update: await refreshBackfillAction(ctx, String(action.value.job_id ?? ""), String(action.value.backfill_id ?? "")), cards: [],
  }),
};

export async function answerAction(ctx: AnswerCtx, action: CardAction): Promise<ActionAnswer> {
  const handler = HANDLERS[action.action];
  if (!handler) return { update: null, cards: [simpleError(ctx, "chat.unknown_action", 404)] };
  try {
    return await handler(ctx, action);
  } catch (error) {
    if (isUnbound(error) && ctx.caller.kind === "chat") return { update: null, cards: [await bindAnswer(ctx).catch((e) => errorAnswer(ctx, e))] };
    return { update: null, cards: [errorAnswer(ctx, error)] };
  }
}

/** "Unbind" on a whoami card: this chat account stops acting for its OPS user. */
async function unbind(ctx: AnswerCtx): Promise<ActionAnswer> {
  // The web console is signed in as the user: there is no chat account to unbind here.
  if (ctx.platform === "web") return { update: null, cards: [simpleError(ctx, "chat.web_unbind", 400)] };
  await loadMe(ctx);
  const binding = await bindingOfCaller(ctx);
  if (binding) await data(ctx.api.as(ctx.caller).api.v1.im.bindings[":id"].$delete({ param: { id: binding.id } }));
  // Now unbound: the card (which others may see) turns into the instructions without a link, and a
  // fresh one-time link goes to the user privately, in case it was the wrong account.
  const bind = await bindAnswer(ctx).catch(() => null);
  return { update: bindHintAnswer(ctx), cards: bind ? [bind] : [] };
}

type InboxNotification = {
  id: string; type: string; title: string; body: string; critical: boolean; read_at: string | null; created_at: string; data: unknown;
};

/** "Mark read" on a notification card; the API then updates every other copy of it too. */
async function markRead(ctx: AnswerCtx, action: CardAction): Promise<ActionAnswer> {
  const id = String(action.value.id ?? "");
  const me = await loadMe(ctx);
  const n = await data<InboxNotification>(ctx.api.as(ctx.caller).api.v1.notifications[":id"].read.$post({ param: { id } }));
  const link = n.data && typeof n.data === "object" && typeof (n.data as { link?: unknown }).link === "string" ? (n.data as { link: string }).link : undefined;
  const card = notificationCard({
    notificationId: n.id, type: n.type, title: n.title, body: n.body, critical: n.critical, createdAt: n.created_at, readAt: n.read_at, link,
  }, ctx.locale);
  const update: Answer = { kind: "notification", card, entity: { type: "notification", id: n.id }, userId: me.id };
  return { update, cards: [] };
}

function simpleError(ctx: AnswerCtx, code: string, status: number): Answer {
  return { kind: "error", card: errorCard({ code, status }, ctx.locale) };
}
