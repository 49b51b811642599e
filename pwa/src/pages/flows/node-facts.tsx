import type { FlowNode } from "@ops/shared/contracts/flows.ts";
import { Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";

/** One line for what a node does: the job's name, the command, the URL, the expression. */
export function nodeWhat(n: FlowNode): string {
  const c = n.config ?? {};
  const s = (k: string) => (typeof c[k] === "string" ? (c[k] as string) : "");
  switch (n.type) {
    case "job": return n.job ?? "";
    case "http": return `${s("method") || "GET"} ${s("url")}`;
    case "shell": return s("command");
    case "sql": return s("statement");
    case "script": return `${s("language")}: ${s("source").split("\n")[0]}`;
    case "condition": return n.condition ?? "";
    case "wait": return tr("flows.node.wait_hint");
  }
}

/** A node's definition, read-only (a flow's page). */
export function NodeFacts(props: { node: FlowNode }): JSX.Element {
  const n = () => props.node;
  return (
    <div class="flow-panel" data-testid="flow-node-facts" data-key={n().key}>
      <div class="flow-panel__title"><span>{n().name || n().key}</span><span class="badge badge--kind">{tr(`flows.node_type.${n().type}`)}</span></div>
      <dl class="facts facts--inline">
        <dt>{tr("flows.node.key")}</dt><dd><code>{n().key}</code></dd>
        <dt>{tr(n().type === "job" ? "flows.node.job" : "flows.node.what")}</dt><dd><code>{nodeWhat(n())}</code></dd>
        <dt>{tr("flows.node.trigger_rule")}</dt><dd>{tr(`flows.trigger_rule.${n().trigger_rule ?? "all_success"}`)}</dd>
        <Show when={n().params && Object.keys(n().params!).length}>
          <dt>{tr("flows.node.params")}</dt><dd><code>{Object.entries(n().params!).map(([k, v]) => `${k}=${String(v)}`).join("  ")}</code></dd>
        </Show>
        <Show when={n().shards}><dt>{tr("flows.node.shards")}</dt><dd>{n().shards}</dd></Show>
        <Show when={n().timeout_s}><dt>{tr("flows.node.timeout_s")}</dt><dd>{n().timeout_s}</dd></Show>
        <Show when={n().retries}><dt>{tr("flows.node.retries")}</dt><dd>{n().retries!.count}</dd></Show>
      </dl>
    </div>
  );
}
