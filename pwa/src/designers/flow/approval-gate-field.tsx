import type { FlowNode } from "@ops/shared/contracts/flows.ts";
import { createResource, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { tr } from "../../providers/i18n.ts";
import { Select } from "../../ui/select.tsx";

/**
 * A wait node's approval gate: a published approval definition (by key), or none (a person
 * continues or rejects it by hand). Reaching the node starts that approval in the run's user's
 * name; the API checks it and names `nodes.<i>.approval.definition`.
 */
export function ApprovalGateField(props: { node: FlowNode; patch: (fields: Partial<FlowNode>) => void; error: (field: string) => string | undefined }): JSX.Element {
  // those who may not read approval definitions see none to pick (the API still takes a key)
  const [defs] = createResource(
    () => approvalDefinitionsApi.list({ status: "published", page_size: 100, sort: "key" }).then((p) => p.items.map((d) => ({ value: d.key, label: `${d.name} (${d.key})` }))).catch(() => []),
    { initialValue: [] },
  );
  const current = () => props.node.approval?.definition ?? "";
  // a key saved earlier stays choosable even when it is not in the list (archived, or beyond the first page)
  const options = () => (current() && !defs().some((o) => o.value === current()) ? [{ value: current(), label: current() }, ...defs()] : defs());
  return (
    <>
      <Select
        label={tr("flows.node.approval_gate")} name="approval.definition" value={current()} options={options()} emptyLabel={tr("flows.node.approval_gate_none")}
        onChange={(definition) => props.patch({ approval: definition ? { ...props.node.approval, definition } : undefined })} error={props.error("approval.definition")}
      />
      <Show when={current()} fallback={<p class="muted">{tr("flows.node.wait_hint")}</p>}>
        <p class="muted">{tr("flows.node.approval_gate_hint")}</p>
      </Show>
    </>
  );
}
