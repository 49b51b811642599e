import { createEffect, createSignal, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { Switch } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { isoToLocal, localToIso } from "./time-range.ts";

/**
 * The audit log's filters as they stand in the URL (`/audit/logs?actor=lina&result=failure`).
 * `result` is the API's `status` (success or failure); include_archived "1": also search the
 * archive files (older rows moved out of the live table).
 */
export const AUDIT_FILTER_KEYS = ["actor", "module", "action", "resource_type", "result", "from", "to", "q", "include_archived"] as const;
export type AuditFilterValues = Record<(typeof AUDIT_FILTER_KEYS)[number], string>;

const MODULES = ["iam", "audit", "notify", "chat", "feedback", "jobs", "help", "http"];

/** Filters apply on submit, so typing does not fire a request per key; the form shows what the URL applies. */
export function AuditFilters(props: { value: AuditFilterValues; onApply: (f: Partial<AuditFilterValues>) => void }): JSX.Element {
  const [form, setForm] = createSignal<AuditFilterValues>({ ...props.value });
  createEffect(() => setForm({ ...props.value, from: isoToLocal(props.value.from), to: isoToLocal(props.value.to) }));
  const set = (k: keyof AuditFilterValues) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const apply = (e?: Event) => {
    e?.preventDefault();
    const f = form();
    props.onApply({ ...f, from: localToIso(f.from) ?? "", to: localToIso(f.to) ?? "" });
  };
  const reset = () => props.onApply(Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, ""])) as AuditFilterValues);

  return (
    <form class="filters filters--wide" role="search" onSubmit={apply} data-testid="audit-filters">
      <TextField label={tr("audit.actor")} name="actor" value={form().actor} onChange={set("actor")} placeholder={tr("audit.actor_placeholder")} />
      <Select label={tr("audit.module")} name="module" value={form().module} onChange={set("module")} emptyLabel={tr("common.all")} options={MODULES.map((m) => ({ value: m, label: tr(`audit.module_${m}`) }))} />
      <TextField label={tr("audit.action_code")} name="action" value={form().action} onChange={set("action")} placeholder={tr("audit.action_placeholder")} />
      <TextField label={tr("audit.resource_type")} name="resource_type" value={form().resource_type} onChange={set("resource_type")} placeholder={tr("audit.resource_type_placeholder")} />
      <Select label={tr("audit.result")} name="result" value={form().result} onChange={set("result")} emptyLabel={tr("common.all")} options={[{ value: "success", label: tr("audit.success") }, { value: "failure", label: tr("audit.failure") }]} />
      <TextField label={tr("audit.from")} name="from" type="datetime-local" value={form().from} onChange={set("from")} />
      <TextField label={tr("audit.to")} name="to" type="datetime-local" value={form().to} onChange={set("to")} />
      <TextField label={tr("audit.text")} name="q" type="search" value={form().q} onChange={set("q")} placeholder={tr("audit.text_placeholder")} />
      <div data-testid="audit-include-archived">
        {/* a toggle applies at once: one request, unlike typing */}
        <Switch label={tr("audit.include_archived")} checked={props.value.include_archived === "1"} onChange={(on) => props.onApply({ include_archived: on ? "1" : "" })} />
      </div>
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
        <Button onClick={reset}>{tr("common.reset")}</Button>
      </div>
    </form>
  );
}
