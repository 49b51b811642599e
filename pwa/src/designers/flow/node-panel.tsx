import { TRIGGER_RULES, type FlowNode } from "@ops/shared/contracts/flows.ts";
import { createSignal, For, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select, type Option } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
// the jobs form's `k=v` lines reader: node params are typed the same way
import { parsePairs } from "../../pages/jobs/job-form-model.ts";
import type { FlowDesignState } from "./design-state.ts";
import { fieldIssue } from "./flow-issues.ts";
import { NodeConfigFields } from "./node-config-fields.tsx";

const INLINE = new Set(["http", "shell", "sql", "script"]);
const RUNS_STEP = new Set(["job", "http", "shell", "sql", "script"]);

const pairsText = (o: Record<string, unknown> | undefined) => Object.entries(o ?? {}).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join("\n");
/** a number when the text is one, else the text itself so the API names the field; empty: not set */
const numberOr = (v: string): number | undefined => (v.trim() === "" ? undefined : Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number));

/** The selected node's definition, edited in place; its connections; remove. Keyed by node by the caller. */
export function NodePanel(props: { state: FlowDesignState; uid: string; jobs: Option[] }): JSX.Element {
  const s = props.state;
  const node = () => s.node(props.uid)!.data;
  const index = () => s.indexOf(props.uid);
  const error = (field: string) => fieldIssue(s.issues(), index(), field);
  const patch = (fields: Partial<FlowNode>) => s.patch(props.uid, fields);
  // free text the user is typing: parsed into the node on every change, never re-derived from it
  const [params, setParams] = createSignal(pairsText(node().params));
  const [target, setTarget] = createSignal("");
  const others = () => s.design.nodes.filter((n) => n.uid !== props.uid).map((n) => ({ value: n.uid, label: n.data.key || tr("flows.unnamed") }));
  const links = () => s.design.edges.map((e, i) => ({ e, i })).filter(({ e }) => e.from === props.uid || e.to === props.uid);
  const keyOf = (uid: string) => s.node(uid)?.data.key ?? "";
  const connectTo = (when?: boolean) => {
    if (target() && s.connect(props.uid, target(), when)) setTarget("");
    s.select({ kind: "node", uid: props.uid });
  };
  return (
    <div class="flow-panel" data-testid="flow-node-panel" data-key={node().key}>
      <div class="flow-panel__title">
        <span>{tr(`flows.node_type.${node().type}`)}</span>
        <Button size="sm" variant="danger" onClick={() => s.remove({ kind: "node", uid: props.uid })} data-testid="flow-node-delete">{tr("flows.node.delete")}</Button>
      </div>
      <TextField label={tr("flows.node.key")} name="key" required value={node().key} onChange={(key) => patch({ key })} description={tr("flows.node.key_hint")} error={error("key")} />
      <TextField label={tr("flows.node.name")} name="node_name" value={node().name ?? ""} onChange={(name) => patch({ name: name || undefined })} error={error("name")} />
      <NodeConfigFields node={node()} jobs={props.jobs} patch={patch} error={error} />
      <Show when={RUNS_STEP.has(node().type)}>
        <TextField label={tr("flows.node.params")} name="node_params" multiline value={params()} onChange={(v) => { setParams(v); patch({ params: v.trim() ? parsePairs(v, "=") : undefined }); }} description={tr("flows.node.params_hint")} error={error("params")} />
        <TextField label={tr("flows.node.shards")} name="shards" type="number" inputMode="numeric" value={node().shards === undefined ? "" : String(node().shards)} onChange={(v) => patch({ shards: numberOr(v) })} description={tr("flows.node.shards_hint")} error={error("shards")} />
      </Show>
      <Select label={tr("flows.node.trigger_rule")} name="trigger_rule" value={node().trigger_rule ?? "all_success"} options={TRIGGER_RULES.map((r) => ({ value: r, label: tr(`flows.trigger_rule.${r}`) }))} onChange={(r) => patch({ trigger_rule: r === "all_success" ? undefined : (r as FlowNode["trigger_rule"]) })} error={error("trigger_rule")} />
      <Show when={INLINE.has(node().type)}>
        <TextField label={tr("flows.node.timeout_s")} name="timeout_s" type="number" inputMode="numeric" value={node().timeout_s === undefined ? "" : String(node().timeout_s)} onChange={(v) => patch({ timeout_s: numberOr(v) })} error={error("timeout_s")} />
        <TextField label={tr("flows.node.retries")} name="retries" type="number" inputMode="numeric" value={node().retries ? String(node().retries!.count) : ""} onChange={(v) => patch({ retries: numberOr(v) === undefined ? undefined : ({ count: numberOr(v)!, backoff: { type: "fixed", delay_ms: 1000 } } as FlowNode["retries"]) })} error={error("retries")} />
      </Show>
      <h3 class="section-title">{tr("flows.node.links")}</h3>
      <ul class="flow-links" data-testid="flow-node-links">
        <For each={links()} fallback={<li class="muted">{tr("flows.node.no_links")}</li>}>
          {({ e, i }) => (
            <li>
              <button type="button" class="flow-link" onClick={() => s.select({ kind: "edge", index: i })}>
                {tr("flows.edge_label", { from: keyOf(e.from), to: keyOf(e.to) })}
                <Show when={s.node(e.from)?.data.type === "condition"}> ({tr(e.when === false ? "flows.branch.false" : "flows.branch.true")})</Show>
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={others().length}>
        <Select label={tr("flows.node.connect_to")} name="connect_to" value={target()} options={others()} placeholder={tr("flows.node.connect_pick")} onChange={setTarget} />
        <Show
          when={node().type === "condition"}
          fallback={<Button size="sm" disabled={!target()} onClick={() => connectTo()} data-testid="flow-connect">{tr("flows.node.connect")}</Button>}
        >
          <div class="row row--tight">
            <Button size="sm" disabled={!target()} onClick={() => connectTo(true)} data-testid="flow-connect-true">{tr("flows.node.connect_true")}</Button>
            <Button size="sm" disabled={!target()} onClick={() => connectTo(false)} data-testid="flow-connect-false">{tr("flows.node.connect_false")}</Button>
          </div>
        </Show>
      </Show>
    </div>
  );
}
