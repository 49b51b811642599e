import { HOOK_EVENTS, type ApprovalHook } from "@ops/shared/contracts/approvals.ts";
import { createResource, createSignal, Index, Show, type JSX } from "solid-js";
import { flowsApi } from "../../data/flows.ts";
import { jobsApi } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import type { FormErrors } from "../../ui/form-errors.ts";
import { Select, type Option } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { parsePairs } from "../jobs/job-form-model.ts";

const pairsText = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join("\n");
const names = (p: Promise<{ items: Array<{ name: string }> }>): Promise<Option[]> => p.then((r) => r.items.map((x) => ({ value: x.name, label: x.name })), () => []);

/**
 * Internal hooks: when an approval ends approved (or rejected), run a saved job or flow with
 * params mapped from it (`{form.amount}`, `{instance.id}`, `{instance.title}`, `{initiator.username}`).
 * Problems come back from the save as `hooks.<i>.<field>`.
 */
export function HooksTab(props: { hooks: ApprovalHook[]; onChange: (h: ApprovalHook[]) => void; errors: FormErrors; readOnly?: boolean }): JSX.Element {
  const [jobs] = createResource(() => names(jobsApi.list({ page_size: 200, sort: "name" })), { initialValue: [] });
  const [flows] = createResource(() => names(flowsApi.list({ page_size: 200 })), { initialValue: [] });
  const set = (i: number, h: Partial<ApprovalHook>) => props.onChange(props.hooks.map((x, j) => (j === i ? { ...x, ...h } : x)));
  return (
    <fieldset class="apd-hooks-tab" disabled={props.readOnly} data-testid="apd-hooks">
      <p class="muted">{tr("apd.hooks.hint")}</p>
      <ol class="apd-hooks">
        <Index each={props.hooks} fallback={<li class="muted">{tr("apd.hooks.empty")}</li>}>
          {(h, i) => <HookRow hook={h()} index={i} jobs={jobs()} flows={flows()} set={(x) => set(i, x)} remove={() => props.onChange(props.hooks.filter((_, j) => j !== i))} errors={props.errors} readOnly={props.readOnly} />}
        </Index>
      </ol>
      <Show when={!props.readOnly}>
        <Button size="sm" onClick={() => props.onChange([...props.hooks, { on: "approved", run: { type: "job", ref: "" }, params: {} }])} data-testid="apd-hook-add">{tr("apd.hooks.add")}</Button>
      </Show>
    </fieldset>
  );
}

/** One hook; its params are the text typed (parsed on every change, never re-derived from the hook). */
function HookRow(props: { hook: ApprovalHook; index: number; jobs: Option[]; flows: Option[]; set: (h: Partial<ApprovalHook>) => void; remove: () => void; errors: FormErrors; readOnly?: boolean }): JSX.Element {
  const [params, setParams] = createSignal(pairsText(props.hook.params));
  const h = () => props.hook;
  const i = props.index;
  return (
    <li class="apd-hook" data-testid="apd-hook">
      <div class="form-grid">
        <Select label={tr("apd.hooks.on")} name={`hook${i}_on`} value={h().on} options={HOOK_EVENTS.map((e) => ({ value: e, label: tr(`apd.hooks.on_${e}`) }))} onChange={(on) => props.set({ on: on as ApprovalHook["on"] })} error={props.errors.of(`hooks.${i}.on`)} />
        <Select label={tr("apd.hooks.run_type")} name={`hook${i}_type`} value={h().run.type} options={[{ value: "job", label: tr("apd.hooks.job") }, { value: "flow", label: tr("apd.hooks.flow") }]} onChange={(type) => props.set({ run: { type: type as "job" | "flow", ref: "" } })} />
        <Select label={tr(h().run.type === "job" ? "apd.hooks.job" : "apd.hooks.flow")} name={`hook${i}_ref`} required value={h().run.ref} options={h().run.type === "job" ? props.jobs : props.flows} placeholder={tr("apd.hooks.ref_pick")} onChange={(ref) => props.set({ run: { ...h().run, ref } })} error={props.errors.of(`hooks.${i}.run`)} />
        <TextField label={tr("apd.hooks.params")} name={`hook${i}_params`} multiline value={params()} onChange={(v) => { setParams(v); props.set({ params: parsePairs(v, "=") }); }} description={tr("apd.hooks.params_hint")} error={props.errors.of(`hooks.${i}.params`)} />
      </div>
      <Show when={!props.readOnly}>
        <Button size="sm" variant="danger" onClick={props.remove} data-testid="apd-hook-remove">{tr("apd.hooks.remove")}</Button>
      </Show>
    </li>
  );
}
