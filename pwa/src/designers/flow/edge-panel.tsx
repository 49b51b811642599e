import { For, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import type { FlowDesignState } from "./design-state.ts";

/** The selected edge: where it goes, its branch when it leaves a condition node, its problems, remove. */
export function EdgePanel(props: { state: FlowDesignState; index: number }): JSX.Element {
  const s = props.state;
  const edge = () => s.design.edges[props.index];
  const key = (uid: string | undefined) => (uid ? s.node(uid)?.data.key ?? "" : "");
  const fromCondition = () => s.node(edge()?.from ?? "")?.data.type === "condition";
  const issues = () => s.placed().edge.get(props.index) ?? [];
  return (
    <Show when={edge()}>
      <div class="flow-panel" data-testid="flow-edge-panel">
        <div class="flow-panel__title">
          <span>{tr("flows.edge_label", { from: key(edge()?.from), to: key(edge()?.to) })}</span>
          <Button size="sm" variant="danger" onClick={() => s.remove({ kind: "edge", index: props.index })} data-testid="flow-edge-delete">{tr("flows.edge.delete")}</Button>
        </div>
        <Show when={fromCondition()}>
          <Select
            label={tr("flows.edge.branch")}
            name="when"
            value={edge()!.when === false ? "false" : "true"}
            options={[{ value: "true", label: tr("flows.branch.true") }, { value: "false", label: tr("flows.branch.false") }]}
            onChange={(v) => s.setBranch(props.index, v !== "false")}
          />
        </Show>
        <For each={issues()}>{(x) => <div class="alert alert--error" data-testid="flow-edge-issue">{x.message}</div>}</For>
      </div>
    </Show>
  );
}
