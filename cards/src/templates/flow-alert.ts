/**
 * A flow alert from the flows engine (through the notification center): a failed flow run, with
 * Retry (from the failed nodes, on the same run), View run and Pause flow (its schedule); a wait
 * node waiting past its grace (View run, where it is decided); and the recovery notice that closes
 * the episode (View run only).
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Button, type Card } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

export type FlowAlertKind = "failure" | "waiting" | "recovered";

export type FlowAlertData = {
  kind: FlowAlertKind;
  flowId: string;
  flowName: string;
  runId: string;
  /** already in the reader's language (the API words it) */
  title: string;
  body?: string;
  createdAt?: string;
  timeZone?: string;
};

export const flowAlertText: Dict = {
  "zh-CN": { subtitle: "${kind} · 流程 ${flow}", kind_failure: "运行失败", kind_waiting: "等待超时", kind_recovered: "已恢复", retry: "从失败节点重试", view_run: "查看运行", pause: "暂停流程",
    pause_confirm_title: "暂停流程 ${flow} 的调度？", pause_confirm_text: "暂停后不再按计划运行，可随时恢复。" },
  en: { subtitle: "${kind} · flow ${flow}", kind_failure: "Failed", kind_waiting: "Waiting too long", kind_recovered: "Recovered", retry: "Retry failed nodes", view_run: "View run", pause: "Pause flow",
    pause_confirm_title: "Pause the schedule of flow ${flow}?", pause_confirm_text: "It stops running on its schedule until resumed." },
};

export function flowAlertCard(data: FlowAlertData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(flowAlertText, locale);
  const link = `/flows/runs/${encodeURIComponent(data.runId)}`;
  const blocks: Block[] = [];
  if (data.body) blocks.push({ type: "markdown", text: data.body });
  if (data.createdAt) blocks.push({ type: "context", text: formatTime(data.createdAt, data.timeZone) });
  const buttons: Button[] = [];
  // the flow-run card's Retry (the clicker's own permission and data scope decide); `keep`: the alert
  // stays as it is and the run going again is posted as a new card
  if (data.kind === "failure") buttons.push(actionButton(tr("retry"), "flow.retry", { run_id: data.runId, keep: true }, { style: "primary" }));
  buttons.push(linkButton(tr("view_run"), link));
  if (data.kind === "failure") {
    buttons.push(actionButton(tr("pause"), "flow.pause", { flow_id: data.flowId }, {
      style: "danger", confirm: { title: tr("pause_confirm_title", { flow: data.flowName }), text: tr("pause_confirm_text") },
    }));
  }
  blocks.push({ type: "actions", buttons });
  return {
    locale,
    header: { title: data.title, subtitle: tr("subtitle", { kind: tr(`kind_${data.kind}`), flow: data.flowName }), tone: data.kind === "failure" ? "danger" : data.kind === "waiting" ? "warning" : "success" },
    blocks,
    summary: data.title,
    link,
  };
}
