import { createSignal, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { Switch } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { localToIso } from "./time-range.ts";

/** include_archived "1": also search the archive files (older rows moved out of the live table) */
export type AuditFilterValues = { actor?: string; module?: string; status?: string; from?: string; to?: string; q?: string; include_archived?: string };

const MODULES = ["iam", "audit", "notify", "chat", "http"];

/** Filters apply on submit, so typing does not fire a request per key. */
export function AuditFilters(props: { onApply: (f: AuditFilterValues) => void }): JSX.Element {
  const [actor, setActor] = createSignal("");
  const [module, setModule] = createSignal("");
  const [status, setStatus] = createSignal("");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [q, setQ] = createSignal("");
  const [archived, setArchived] = createSignal(false);

  const apply = (e?: Event) => {
    e?.preventDefault();
    props.onApply({
      actor: actor().trim(), module: module(), status: status(), from: localToIso(from()), to: localToIso(to()), q: q().trim(),
      include_archived: archived() ? "1" : "",
    });
  };
  const reset = () => {
    for (const set of [setActor, setModule, setStatus, setFrom, setTo, setQ]) set("");
    setArchived(false);
    apply();
  };

  return (
    <form class="filters filters--wide" role="search" onSubmit={apply} data-testid="audit-filters">
      <TextField label={tr("audit.actor")} name="actor" value={actor()} onChange={setActor} placeholder={tr("audit.actor_placeholder")} />
      <Select label={tr("audit.module")} name="module" value={module()} onChange={setModule} emptyLabel={tr("common.all")} options={MODULES.map((m) => ({ value: m, label: tr(`audit.module_${m}`) }))} />
      <Select label={tr("audit.status")} name="status" value={status()} onChange={setStatus} emptyLabel={tr("common.all")} options={[{ value: "success", label: tr("audit.success") }, { value: "failure", label: tr("audit.failure") }]} />
      <TextField label={tr("audit.from")} name="from" type="datetime-local" value={from()} onChange={setFrom} />
      <TextField label={tr("audit.to")} name="to" type="datetime-local" value={to()} onChange={setTo} />
      <TextField label={tr("audit.text")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("audit.text_placeholder")} />
      <div data-testid="audit-include-archived">
        {/* a toggle applies at once: one request, unlike typing */}
        <Switch label={tr("audit.include_archived")} checked={archived()} onChange={(on) => { setArchived(on); apply(); }} />
      </div>
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
        <Button onClick={reset}>{tr("common.reset")}</Button>
      </div>
    </form>
  );
}
