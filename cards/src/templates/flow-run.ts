/**
 * One run of a flow (a DAG of jobs): status, who started it, duration, each node's state, and
 * Cancel / Continue / Reject on wait nodes, Retry (from the failed nodes) once it failed or was cancelled. A flow may have 200 nodes: the card lists at most
 * NODES_LISTED (the ones needing attention first) and counts the rest, so it fits every platform.
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import type { FlowNodeStatus, FlowNodeType, FlowRunStatus } from "@ops/shared/contracts/flows.ts";
import { actionButton, linkButton, type Block, type Button, type Card, type Tone } from "../card.ts";
import { translator, type Dict, type Translate } from "../i18n.ts";
import { formatDuration, formatPairs, runTimingFields } from "./format.ts";

export type FlowRunNodeData = {
  key: string;
  name: string;
  type: FlowNodeType;
  status: FlowNodeStatus;
  durationMs?: number;
  /** wait nodes: who continued or rejected it */
  decidedBy?: string;
};

export type FlowRunData = {
  runId: string;
  flowName: string;
  version: number;
  status: FlowRunStatus;
  /** who or what started it, already readable (e.g. "聊天 · lina") */
  trigger: string;
  queuedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  params?: Record<string, string>;
  error?: string;
  nodes: FlowRunNodeData[];
  link?: string;
  timeZone?: string;
};

/** Rows of the node table; past it the card counts nodes by status (the web shows them all). */
export const FLOW_NODES_LISTED = 20;
/**
 * Wait nodes offered Continue / Reject on the card (the first waiting one): with Cancel and the app
 * link that stays within DingTalk's 5 link buttons of a plain message; the rest are done in the app.
 */
export const FLOW_WAIT_BUTTONS = 1;
const NAME_MAX = 40;
/** A node's name on its buttons: DingTalk shows 20 characters of a button ("Continue " + 10). */
const BUTTON_NAME_MAX = 10;

export const flowRunText: Dict = {
  "zh-CN": {
    title: "流程 ${flow}",
    subtitle: "${status} · 版本 ${version} · 运行 ${run}",
    summary: "流程 ${flow} ${status}",
    status_queued: "排队中",
    status_running: "运行中",
    status_waiting: "等待处理",
    status_succeeded: "成功",
    status_failed: "失败",
    status_cancelled: "已取消",
    node_pending: "等待上游",
    node_queued: "排队中",
    node_running: "运行中",
    node_waiting: "等待处理",
    node_succeeded: "成功",
    node_failed: "失败",
    node_timed_out: "超时",
    node_cancelled: "已取消",
    node_skipped: "已跳过",
    node_upstream_failed: "上游失败",
    trigger: "触发",
    queued_at: "入队时间",
    started_at: "开始时间",
    finished_at: "结束时间",
    duration: "耗时",
    params: "参数",
    error: "错误",
    col_status: "状态",
    col_node: "节点",
    col_duration: "耗时",
    decided_by: "${name}（${who}）",
    more_nodes: "另有 ${count} 个节点未列出：${counts}",
    more_waiting: "还有 ${count} 个等待节点，请在应用中处理",
    cancel: "取消流程",
    cancel_confirm_title: "取消这次流程运行？",
    cancel_confirm_text: "正在执行的节点会被中止，后续节点不再运行。",
    continue: "继续 ${node}",
    reject: "驳回 ${node}",
    reject_confirm_title: "驳回节点 ${node}？",
    reject_confirm_text: "驳回后该节点失败，依赖它的节点不会运行。",
    open: "在应用中查看",
    retry: "从失败节点重试",
  },
  en: {
    title: "Flow ${flow}",
    subtitle: "${status} · version ${version} · run ${run}",
    summary: "Flow ${flow} ${status}",
    status_queued: "queued",
    status_running: "running",
    status_waiting: "waiting",
    status_succeeded: "succeeded",
    status_failed: "failed",
    status_cancelled: "cancelled",
    node_pending: "pending",
    node_queued: "queued",
    node_running: "running",
    node_waiting: "waiting",
    node_succeeded: "succeeded",
    node_failed: "failed",
    node_timed_out: "timed out",
    node_cancelled: "cancelled",
    node_skipped: "skipped",
    node_upstream_failed: "upstream failed",
    trigger: "Triggered by",
    queued_at: "Queued",
    started_at: "Started",
    finished_at: "Finished",
    duration: "Duration",
    params: "Parameters",
    error: "Error",
    col_status: "Status",
    col_node: "Node",
    col_duration: "Duration",
    decided_by: "${name} (${who})",
    more_nodes: "${count} more nodes not listed: ${counts}",
    more_waiting: "${count} more waiting nodes: handle them in the app",
    cancel: "Cancel flow",
    cancel_confirm_title: "Cancel this flow run?",
    cancel_confirm_text: "Nodes in progress are stopped and later nodes do not run.",
    continue: "Continue ${node}",
    reject: "Reject ${node}",
    reject_confirm_title: "Reject node ${node}?",
    reject_confirm_text: "The node fails and the nodes after it do not run.",
    open: "Open in app",
    retry: "Retry failed nodes",
  },
};

const TONE: Record<FlowRunStatus, Tone> = {
  queued: "neutral", running: "info", waiting: "warning", succeeded: "success", failed: "danger", cancelled: "neutral",
};

export const FLOW_NODE_ICON: Record<FlowNodeStatus, string> = {
  pending: "⚪", queued: "🕓", running: "🔄", waiting: "⏸️", succeeded: "✅", failed: "❌", timed_out: "⏱️",
  cancelled: "🚫", skipped: "⏭️", upstream_failed: "⛔",
};

/** Nodes a reader looks for first when not all fit: what is moving, holding or broken. */
const ATTENTION: readonly FlowNodeStatus[] = ["waiting", "running", "queued", "failed", "timed_out", "upstream_failed"];

const cut = (text: string, max = NAME_MAX) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function flowRunCard(data: FlowRunData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(flowRunText, locale);
  const status = tr(`status_${data.status}`);
  const link = data.link ?? `/flows/runs/${encodeURIComponent(data.runId)}`;
  const fields = [
    ...runTimingFields(tr, data, locale),
    ...(data.params && Object.keys(data.params).length ? [{ label: tr("params"), value: formatPairs(data.params) }] : []),
  ];
  const blocks: Block[] = [{ type: "fields", fields }];
  if (data.error) blocks.push({ type: "fields", fields: [{ label: tr("error"), value: data.error }] });
  blocks.push(...nodeBlocks(data.nodes, tr, locale));

  const buttons: Button[] = [];
  const final = data.status === "succeeded" || data.status === "failed" || data.status === "cancelled";
  const waiting = final ? [] : data.nodes.filter((n) => n.type === "wait" && n.status === "waiting");
  for (const n of waiting.slice(0, FLOW_WAIT_BUTTONS)) {
    const node = cut(n.name, BUTTON_NAME_MAX);
    const value = { run_id: data.runId, node: n.key };
    buttons.push(actionButton(tr("continue", { node }), "flow.continue", value, { style: "primary" }));
    buttons.push(actionButton(tr("reject", { node }), "flow.reject", value, {
      style: "danger", confirm: { title: tr("reject_confirm_title", { node: cut(n.name) }), text: tr("reject_confirm_text") },
    }));
  }
  if (waiting.length > FLOW_WAIT_BUTTONS) blocks.push({ type: "context", text: tr("more_waiting", { count: waiting.length - FLOW_WAIT_BUTTONS }) });
  if (!final) {
    buttons.push(actionButton(tr("cancel"), "flow.cancel", { run_id: data.runId }, {
      style: "danger", confirm: { title: tr("cancel_confirm_title"), text: tr("cancel_confirm_text") },
    }));
  }
  // the failed, cancelled and downstream nodes run again on the same run; succeeded ones are kept
  if (data.status === "failed" || data.status === "cancelled") buttons.push(actionButton(tr("retry"), "flow.retry", { run_id: data.runId }, { style: "primary" }));
  buttons.push(linkButton(tr("open"), link));
  blocks.push({ type: "actions", buttons });

  return {
    locale,
    header: { title: tr("title", { flow: data.flowName }), subtitle: tr("subtitle", { status, version: data.version, run: data.runId }), tone: TONE[data.status] },
    blocks,
    summary: tr("summary", { flow: data.flowName, status }),
    link,
  };
}

/** The node table (in flow order), plus a count by status of the nodes it leaves out. */
function nodeBlocks(nodes: FlowRunNodeData[], tr: Translate, locale: Locale): Block[] {
  if (!nodes.length) return [];
  const shown = pickShown(nodes);
  const rows = nodes.filter((_, i) => shown.has(i)).map((n) => ({
    status: `${FLOW_NODE_ICON[n.status]} ${tr(`node_${n.status}`)}`,
    node: n.decidedBy ? tr("decided_by", { name: cut(n.name), who: n.decidedBy }) : cut(n.name),
    duration: n.durationMs !== undefined ? formatDuration(n.durationMs, locale) : "—",
  }));
  const blocks: Block[] = [{
    type: "table",
    columns: [{ key: "status", label: tr("col_status") }, { key: "node", label: tr("col_node") }, { key: "duration", label: tr("col_duration"), align: "right" }],
    rows,
  }];
  const hidden = nodes.filter((_, i) => !shown.has(i));
  if (hidden.length) {
    const byStatus = new Map<FlowNodeStatus, number>();
    for (const n of hidden) byStatus.set(n.status, (byStatus.get(n.status) ?? 0) + 1);
    const counts = [...byStatus].map(([s, c]) => `${FLOW_NODE_ICON[s]} ${tr(`node_${s}`)} ${c}`).join(" · ");
    blocks.push({ type: "context", text: tr("more_nodes", { count: hidden.length, counts }) });
  }
  return blocks;
}

/** Indexes of the nodes listed: all when they fit, else those needing attention first, then the rest in flow order. */
function pickShown(nodes: FlowRunNodeData[]): Set<number> {
  if (nodes.length <= FLOW_NODES_LISTED) return new Set(nodes.keys());
  const order = [...nodes.keys()].sort((a, b) => rank(nodes[a]!) - rank(nodes[b]!) || a - b);
  return new Set(order.slice(0, FLOW_NODES_LISTED));
}

const rank = (n: FlowRunNodeData) => (ATTENTION.includes(n.status) ? 0 : 1);
