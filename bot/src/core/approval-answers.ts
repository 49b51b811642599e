/**
 * Approvals in chat: the approval card for one reader, `approvals` (审批: my pending tasks),
 * `approve|reject <id> [comment]` and the card's Approve / Reject / Open buttons. Every decision goes
 * through `POST /approval-tasks/{id}/approve|reject` as the caller, so RBAC, the engine's
 * one-transition rule and audit are the web's; the API then refreshes every posted card of the
 * instance in place. A refused click (already decided, not yours, no reason) answers the clicker only.
 */
import { approvalCard, approvalListCard, errorCard, type Card, type CardAction } from "@ops/cards";
import { MAX_PAGE_SIZE, t, type Locale } from "@ops/shared";
import { approvalCardData, type ApprovalCardFacts } from "@ops/shared/contracts/approval-card.ts";
import type { ApprovalInstance, ApprovalTask } from "@ops/shared/contracts/approvals.ts";
import { ApiCallError, data } from "./api-client.ts";
import { errorAnswer, type ActionAnswer, type Answer, type AnswerCtx } from "./answer.ts";
import { loadMe } from "./identity.ts";

const TIME_ZONE = "Asia/Shanghai";
/** the short id shown in lists: the random tail of the task's UUIDv7 (its head is a timestamp, shared by siblings) */
export const shortId = (id: string) => id.slice(-8);
/** the shortest id fragment `approve <id>` matches on */
const MIN_FRAGMENT = 4;
/** a whole id's length: sent to the API as it is when it is none of mine (the API says whose or why) */
const FULL_ID = 36;

/**
 * The approval card as `reader` sees it: Approve / Reject with the comment input when the reader
 * holds an open task on it, else read-only (CC, the initiator, anyone else). `data` is the API's
 * card facts (notices and refreshes) or the same computed here.
 */
export function approvalCardOf(data: Record<string, unknown>, locale: Locale, reader?: string): Card {
  const f = data as Partial<ApprovalCardFacts> & { notice?: unknown };
  const taskId = reader ? f.tasks?.[reader] : undefined;
  // the notice's own reason, else (a refresh) why the reader's open task was put in front of them again
  const notice = f.notice === "urged" || f.notice === "remind" ? f.notice : reader ? f.notices?.[reader] : undefined;
  return approvalCard({
    id: String(f.instance_id ?? f.id ?? ""), title: f.title ?? "", requester: f.requester ?? "", submittedAt: f.submittedAt ?? "",
    status: f.status ?? "pending", details: f.details ?? [], attachments: f.attachments ?? [], timeZone: TIME_ZONE,
    ...(f.kind ? { kind: f.kind } : {}), ...(f.step ? { step: f.step } : {}), ...(f.decidedBy ? { decidedBy: f.decidedBy } : {}),
    ...(f.decidedAt ? { decidedAt: f.decidedAt } : {}), ...(f.comment ? { comment: f.comment } : {}), ...(f.link ? { link: f.link } : {}),
    ...(taskId ? { taskId } : { readOnly: true }), ...(notice ? { notice } : {}),
    // a config change: the approver reads the diff where they decide
    ...(f.diff?.length ? { diff: { rows: f.diff, link: f.diff_link ?? f.link ?? `/approvals/${String(f.instance_id ?? f.id ?? "")}`, ...(f.diff_total ? { total: f.diff_total } : {}) } } : {}),
  }, locale);
}

const apiOf = (ctx: AnswerCtx) => ctx.api.as(ctx.caller).api.v1;

/** The instance and its version's labels, read as the caller, as card facts. */
async function readFacts(ctx: AnswerCtx, instanceId: string): Promise<ApprovalCardFacts> {
  const api = apiOf(ctx);
  const inst = await data<ApprovalInstance>(api.approvals[":id"].$get({ param: { id: instanceId } }));
  type Version = { form: Array<{ key: string; label: string }>; nodes: Array<{ type: string }> };
  const version = await data<Version>(api["approval-definitions"][":id"].versions[":version"].$get({ param: { id: inst.definition_id, version: String(inst.version) } }))
    .catch(() => null);
  return approvalCardData(inst, {
    labels: new Map((version?.form ?? []).map((f) => [f.key, f.label])), approverNodes: (version?.nodes ?? []).filter((n) => n.type === "approver").length,
  });
}

/** The card of one instance for the caller, recorded against the instance so the API's refreshes reach it. */
async function cardAnswer(ctx: AnswerCtx, instanceId: string): Promise<Answer> {
  const me = await loadMe(ctx);
  const facts = await readFacts(ctx, instanceId);
  return { kind: "approval", card: approvalCardOf(facts, ctx.locale, me.id), entity: { type: "approval", id: instanceId }, userId: me.id };
}

async function box(ctx: AnswerCtx, name: "todo" | "done"): Promise<{ items: ApprovalTask[]; total: number }> {
  return data(apiOf(ctx)["approval-tasks"].$get({ query: { box: name, page_size: String(MAX_PAGE_SIZE) } }));
}

/** `approvals` (审批): my pending tasks with Approve and Open. */
export async function approvalsAnswer(ctx: AnswerCtx, now = Date.now()): Promise<Answer> {
  const list = await box(ctx, "todo");
  const items = list.items.map((task) => ({
    instanceId: task.instance_id, taskId: task.id, shortId: shortId(task.id), title: task.instance_title,
    requester: task.initiator_name ?? "", ageMs: now - Date.parse(task.created_at), kind: task.node_name,
  }));
  return { kind: "approval-list", card: approvalListCard({ items, total: list.total, prefix: ctx.prefix }, ctx.locale) };
}

type Decision = "approve" | "reject";

/**
 * The task an id names among my pending ones: a task id or an instance id (when I hold one task on
 * it), whole or as a fragment (the short id the list shows, or a prefix). Null: none of mine.
 */
async function findTask(ctx: AnswerCtx, id: string, which: "todo" | "done" = "todo"): Promise<ApprovalTask | null> {
  const q = id.trim().toLowerCase();
  const hits = (x: string) => x === q || (q.length >= MIN_FRAGMENT && (x.startsWith(q) || x.endsWith(q)));
  const mine = (await box(ctx, which)).items;
  const byTask = mine.filter((task) => hits(task.id));
  const found = byTask.length ? byTask : mine.filter((task) => hits(task.instance_id));
  if (found.length > 1) throw chatError("approvals.chat.ambiguous", 409, { id });
  return found[0] ?? null;
}

class ChatRefusal extends Error {
  constructor(readonly code: string, readonly status: number, readonly params: Record<string, string>) {
    super(code);
  }
}
const chatError = (code: string, status: number, params: Record<string, string> = {}) => new ChatRefusal(code, status, params);

function refusalAnswer(ctx: AnswerCtx, error: unknown): Answer {
  if (error instanceof ChatRefusal) return { kind: "error", card: errorCard({ code: error.code, status: error.status, params: error.params }, ctx.locale) };
  return errorAnswer(ctx, error);
}

/** POST approve|reject as the caller (the API answers the decided task); the instance's id. */
async function decide(ctx: AnswerCtx, taskId: string, decision: Decision, comment: string | undefined): Promise<string> {
  const tasks = apiOf(ctx)["approval-tasks"][":id"];
  const json = comment ? { comment } : {};
  const task = decision === "approve"
    ? await data<ApprovalTask>(tasks.approve.$post({ param: { id: taskId }, json }))
    : await data<ApprovalTask>(tasks.reject.$post({ param: { id: taskId }, json: { ...json, to: "end" } }));
  return task.instance_id;
}

/**
 * `approve <id> [comment]` / `reject <id> <reason>`. An id that is none of my pending tasks goes to
 * the API as given, whose answer says why (someone else's task 403, already decided 409 naming who,
 * unknown 404); an id too short for that gets our own "no such pending task".
 */
export async function decideCommand(ctx: AnswerCtx, decision: Decision, id: string, comment: string | undefined): Promise<Answer> {
  try {
    if (decision === "reject" && !comment?.trim()) {
      const usage = `\`${ctx.prefix ? `${ctx.prefix} ` : ""}${t(ctx.locale, "chat.usage.reject")}\``;
      throw chatError("approvals.chat.reason_required_command", 400, { usage });
    }
    // one of mine decided already: the API's 409 names who decided it and when
    const task = (await findTask(ctx, id)) ?? (await findTask(ctx, id, "done"));
    if (!task && id.length < FULL_ID) throw chatError("approvals.chat.no_pending", 404, { id });
    const instanceId = await decide(ctx, task?.id ?? id, decision, comment?.trim() || undefined);
    return await cardAnswer(ctx, instanceId);
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 404) return refusalAnswer(ctx, chatError("approvals.chat.no_pending", 404, { id }));
    return refusalAnswer(ctx, error);
  }
}

/** `reject <id> <reason>` (拒绝 <编号> <理由>) for this task, with the platform's prefix. */
const rejectUsage = (ctx: AnswerCtx, id: string) =>
  `\`${ctx.prefix ? `${ctx.prefix} ` : ""}${ctx.locale === "en" ? `reject ${id} <reason>` : `拒绝 ${id} <理由>`}\``;

/** The task a button acts on: its value's task, or (older cards) my one pending task on the instance. */
async function taskOfButton(ctx: AnswerCtx, action: CardAction): Promise<string> {
  const task = typeof action.value.task === "string" ? action.value.task : "";
  if (task) return task;
  const found = await findTask(ctx, String(action.value.id ?? ""));
  if (!found) throw chatError("approvals.chat.no_pending", 404, { id: String(action.value.id ?? "") });
  return found.id;
}

/**
 * Approve / Reject on a card, as the clicker. The card updates with the decision (and the API
 * refreshes every other copy); a refusal (reject without a reason, already decided by someone,
 * not the clicker's task) goes to the clicker alone and changes nothing.
 */
export async function decideAction(ctx: AnswerCtx, action: CardAction, decision: Decision): Promise<ActionAnswer> {
  const comment = action.inputs.comment?.trim() || undefined;
  try {
    const task = await taskOfButton(ctx, action);
    // a card without the comment input (an older DingTalk template, the list's Approve): the command with the reason is the way there
    if (decision === "reject" && !comment) throw chatError("approvals.chat.reason_required", 400, { usage: rejectUsage(ctx, shortId(task)) });
    const instanceId = await decide(ctx, task, decision, comment);
    return { update: await cardAnswer(ctx, instanceId), cards: [] };
  } catch (error) {
    if (error instanceof ApiCallError && ![400, 403, 404, 409].includes(error.status)) throw error;
    return { update: null, cards: [{ ...refusalAnswer(ctx, error), ephemeral: true }] };
  }
}

/** Open (from the list): the full card with the comment input and Reject. */
export async function openAction(ctx: AnswerCtx, action: CardAction): Promise<ActionAnswer> {
  return { update: null, cards: [await cardAnswer(ctx, String(action.value.id ?? ""))] };
}
