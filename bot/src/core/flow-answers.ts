/**
 * `flow run <flow> [k=v…]` in chat and the flow-run card's buttons (Cancel, Retry, a wait node's Continue /
 * Reject), through the API as the caller so RBAC, data scopes and audit are the web's.
 */
import { errorCard, flowRunCard, type Card } from "@ops/cards";
import { t, type Locale } from "@ops/shared";
import type { Flow, FlowRun, WaitDecision } from "@ops/shared/contracts/flows.ts";
import { ApiCallError, data } from "./api-client.ts";
import type { ActionAnswer, Answer, AnswerCtx } from "./answer.ts";

const TIME_ZONE = "Asia/Shanghai";

function triggerText(run: FlowRun, locale: Locale): string {
  const trigger = t(locale, `jobs.trigger.${run.trigger}`);
  return run.triggered_by_name ? t(locale, "jobs.trigger_by", { trigger, who: run.triggered_by_name }) : trigger;
}

/** The flow-run card of one run (also what the flows engine's refreshes render: data is the FlowRun). */
export function flowRunCardOf(run: FlowRun, locale: Locale): Card {
  return flowRunCard({
    runId: run.id, flowName: run.flow_name, version: run.version, status: run.status, trigger: triggerText(run, locale),
    queuedAt: run.queued_at, ...(run.started_at ? { startedAt: run.started_at } : {}), ...(run.finished_at ? { finishedAt: run.finished_at } : {}),
    ...(run.duration_ms !== null && run.duration_ms !== undefined ? { durationMs: run.duration_ms } : {}),
    params: Object.fromEntries(Object.entries(run.params ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
    ...(run.error ? { error: run.error } : {}),
    nodes: (run.nodes ?? []).map((n) => ({
      key: n.key, name: n.name || n.key, type: n.type, status: n.status,
      ...(n.duration_ms !== null && n.duration_ms !== undefined ? { durationMs: n.duration_ms } : {}),
      ...(n.decided_by_name ? { decidedBy: n.decided_by_name } : {}),
    })),
    timeZone: TIME_ZONE,
  }, locale);
}

const answerOf = (run: FlowRun, locale: Locale): Answer => ({ kind: "flow-run", card: flowRunCardOf(run, locale), entity: { type: "flow_run", id: run.id } });

const flowsApi = (ctx: AnswerCtx) => ctx.api.as(ctx.caller).api.v1;

/** `flow run <flow> k=v…`: a new instance on the flow's current version, with the caller's params over its defaults. */
export async function flowRunAnswer(ctx: AnswerCtx, flow: string, params: Record<string, string>): Promise<Answer> {
  const run = await data<FlowRun>(flowsApi(ctx).flows[":id"].runs.$post({ param: { id: flow }, json: { params } }));
  return answerOf(run, ctx.locale);
}

/** 取消流程: the card turns into the run as it ended. */
export async function cancelFlowRunAction(ctx: AnswerCtx, runId: string): Promise<ActionAnswer> {
  const run = await data<FlowRun>(flowsApi(ctx)["flow-runs"][":id"].cancel.$post({ param: { id: runId } }));
  return { update: answerOf(run, ctx.locale), cards: [] };
}

/**
 * 从失败节点重试 (the flow-run card, and a flow alert's Retry): the card turns into the run going again
 * (from an alert, a new card shows it instead).
 * A run that is running again or succeeded meanwhile gets the "this button no longer works" answer
 * and the card shows it as it is now.
 */
export async function retryFlowRunAction(ctx: AnswerCtx, runId: string, keepCard = false): Promise<ActionAnswer> {
  const api = flowsApi(ctx)["flow-runs"][":id"];
  try {
    const run = await data<FlowRun>(api.retry.$post({ param: { id: runId } }));
    // from an alert (`keepCard`) the alert stays and the run's live card is posted after it
    return keepCard ? { update: null, cards: [answerOf(run, ctx.locale)] } : { update: answerOf(run, ctx.locale), cards: [] };
  } catch (error) {
    if (!(error instanceof ApiCallError) || error.status !== 409) throw error;
    const expired: Answer = { kind: "error", card: errorCard({ code: "chat.unknown_action", status: error.status }, ctx.locale) };
    const now = await data<FlowRun>(api.$get({ param: { id: runId } })).catch(() => null);
    return { update: now && !keepCard ? answerOf(now, ctx.locale) : null, cards: [expired] };
  }
}

/**
 * A wait node's 继续 / 驳回. A click on a node that no longer waits (someone decided first, the run
 * ended, or the button came from elsewhere) gets the "this button no longer works" answer, and the
 * card shows the run as it is now.
 */
export async function decideWaitAction(ctx: AnswerCtx, runId: string, node: string, decision: WaitDecision): Promise<ActionAnswer> {
  const api = flowsApi(ctx)["flow-runs"][":id"];
  try {
    const run = await data<FlowRun>(api.nodes[":key"].continue.$post({ param: { id: runId, key: node }, json: { decision } }));
    return { update: answerOf(run, ctx.locale), cards: [] };
  } catch (error) {
    if (!(error instanceof ApiCallError) || (error.status !== 409 && error.status !== 404)) throw error;
    const expired: Answer = { kind: "error", card: errorCard({ code: "chat.unknown_action", status: error.status }, ctx.locale) };
    const now = await data<FlowRun>(api.$get({ param: { id: runId } })).catch(() => null);
    return { update: now ? answerOf(now, ctx.locale) : null, cards: [expired] };
  }
}

/** A flow alert's 暂停流程: its schedule stops firing (flows:manage and data scope, as on the web). */
export async function pauseFlowAction(ctx: AnswerCtx, flowId: string): Promise<ActionAnswer> {
  const flow = await data<Flow>(flowsApi(ctx).flows[":id"].pause.$post({ param: { id: flowId } }));
  const l = ctx.locale;
  const title = t(l, "flows.chat.paused_title", { flow: flow.name });
  const card: Card = { locale: l, header: { title, tone: "warning" }, blocks: [{ type: "markdown", text: t(l, "flows.chat.paused_text") }], summary: title, link: `/flows/${flow.id}` };
  return { update: null, cards: [{ kind: "flow", card, entity: { type: "flow", id: flow.id } }] };
}
