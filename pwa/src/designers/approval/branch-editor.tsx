import type { FormField } from "@ops/shared/contracts/approvals.ts";
import { createSignal, For, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import type { CondBlock } from "./approval-model.ts";
import type { ApprovalDesignState } from "./design-state.ts";

const OPERATORS = [">", ">=", "<", "<=", "==", "!="] as const;
const NUMERIC = new Set(["number", "money"]);

/** `form.amount > 1000`; text values quoted (a select's option, a date). */
export function clause(field: FormField, op: string, value: string): string {
  const v = NUMERIC.has(field.type) && value.trim() !== "" && Number.isFinite(Number(value)) ? String(Number(value)) : JSON.stringify(value);
  return `form.${field.key} ${op} ${v}`;
}

/**
 * One branch of a condition: its condition (a safe expression over `form.<key>`, typed or built
 * from field, operator and value), its priority (up/down among the conditional branches), made
 * the default, or removed. The default branch takes whatever no other branch matched.
 */
export function BranchEditor(props: { state: ApprovalDesignState; block: string; branch: string; readOnly: boolean }): JSX.Element {
  const s = props.state;
  const block = () => s.node(props.block) as CondBlock | undefined;
  const index = () => block()?.branches.findIndex((b) => b.uid === props.branch) ?? -1;
  const branch = () => block()?.branches[index()];
  const issues = () => s.placed().at.get(props.branch) ?? [];
  const fields = () => s.state.form.filter((f) => f.type !== "table" && f.type !== "attachment");
  const [field, setField] = createSignal("");
  const [op, setOp] = createSignal(">");
  const [value, setValue] = createSignal("");
  const add = () => {
    const f = s.state.form.find((x) => x.key === field());
    if (!f) return;
    const cur = branch()?.condition?.trim() ?? "";
    s.setCondition(props.block, props.branch, cur ? `${cur} && ${clause(f, op(), value())}` : clause(f, op(), value()));
  };
  const conditional = () => (block()?.branches ?? []).filter((b) => b.condition !== null).length;
  return (
    <Show when={branch()}>
      {(br) => (
        <fieldset class="apd-editor" disabled={props.readOnly} data-testid="apd-branch-editor">
          <p class="apd-editor__title">{br().condition === null ? tr("apd.branch.default") : tr("apd.branch.priority", { n: index() + 1 })}</p>
          <Show
            when={br().condition !== null}
            fallback={<p class="muted">{tr("apd.branch.default_hint")}</p>}
          >
            <TextField label={tr("apd.branch.condition")} name="condition" required multiline value={br().condition ?? ""} onChange={(c) => s.setCondition(props.block, props.branch, c)} placeholder="form.amount > 1000" description={tr("apd.branch.condition_hint")} error={issues().map((x) => x.message).join("；") || undefined} />
            <div class="apd-builder" data-testid="apd-condition-builder">
              <Select label={tr("apd.branch.field")} name="cond_field" value={field()} options={fields().map((f) => ({ value: f.key, label: f.label }))} placeholder={fields().length ? tr("apd.branch.field_pick") : tr("apd.branch.no_fields")} onChange={setField} />
              <Select label={tr("apd.branch.op")} name="cond_op" value={op()} options={OPERATORS.map((o) => ({ value: o, label: o }))} onChange={setOp} />
              <TextField label={tr("apd.branch.value")} name="cond_value" value={value()} onChange={setValue} />
              <Button size="sm" disabled={!field()} onClick={add} data-testid="apd-condition-add">{tr("apd.branch.add_clause")}</Button>
            </div>
            <div class="row row--tight">
              <Button size="sm" disabled={index() === 0} onClick={() => s.moveBranch(props.block, props.branch, -1)} data-testid="apd-branch-up">{tr("apd.branch.up")}</Button>
              <Button size="sm" disabled={index() >= conditional() - 1} onClick={() => s.moveBranch(props.block, props.branch, 1)} data-testid="apd-branch-down">{tr("apd.branch.down")}</Button>
              <Button size="sm" onClick={() => s.makeDefault(props.block, props.branch)} data-testid="apd-branch-default">{tr("apd.branch.make_default")}</Button>
            </div>
          </Show>
          <For each={br().condition === null ? issues() : []}>{(x) => <p class="apd-editor__issue" role="alert">{x.message}</p>}</For>
          <Show when={!props.readOnly}>
            <Button size="sm" variant="danger" onClick={() => s.removeBranch(props.block, props.branch)} data-testid="apd-branch-delete">{tr("apd.branch.delete")}</Button>
          </Show>
        </fieldset>
      )}
    </Show>
  );
}
