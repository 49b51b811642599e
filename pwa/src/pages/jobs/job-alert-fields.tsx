import { createMemo, createResource, type Accessor, type JSX } from "solid-js";
import { usersApi } from "../../data/directory.ts";
import type { User } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { Checkbox } from "../../ui/checkbox.tsx";
import type { FormErrors } from "../../ui/form-errors.ts";
import { MultiSelect } from "../../ui/multi-select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { rolesOrEmpty } from "../iam/dept-options.ts";
import type { FieldSetter } from "./job-config-fields.tsx";
import type { JobForm } from "./job-form-model.ts";

/** People a job may alert: the first page of the directory (empty without the permission to list it). */
async function usersOrEmpty(): Promise<User[]> {
  try {
    return (await usersApi.list({ page_size: 100 })).items;
  } catch {
    return [];
  }
}

type Option = { value: string; label: string };

/**
 * The choices plus any picked id they do not hold (shown as its id, so it can be removed). The
 * same array while the values are the same: the select keeps its choice objects, and a new list
 * on every pick would make it report a change again.
 */
function withPicked(options: Accessor<Option[]>, picked: Accessor<string[]>): Accessor<Option[]> {
  const base = createMemo(options);
  return createMemo(
    () => [...base(), ...picked().filter((id) => !base().some((o) => o.value === id)).map((id) => ({ value: id, label: id }))],
    base(),
    { equals: (a, b) => a.length === b.length && a.every((o, i) => o.value === b[i]!.value && o.label === b[i]!.label) },
  );
}

/**
 * Alert settings (`alerts`): which events alert (failure, timeout, a start missed by its grace, a
 * failure streak, a run far longer than usual) and who hears them (users, roles, the owner). A
 * rule whose number is left empty is off; the API's errors (`alerts.long_tail.window`) land here.
 */
export function JobAlertFields(props: { form: JobForm; set: FieldSetter; errors: FormErrors }): JSX.Element {
  const [users] = createResource(usersOrEmpty, { initialValue: [] });
  const [roles] = createResource(rolesOrEmpty, { initialValue: [] });
  const e = (f: string) => props.errors.of(`alerts.${f}`);
  const num = { type: "number" as const, inputMode: "numeric" as const };
  const userOptions = withPicked(() => users().map((u) => ({ value: u.id, label: `${u.display_name} (${u.username})` })), () => props.form.alert_users);
  const roleOptions = withPicked(() => roles().map((r) => ({ value: r.id, label: r.name })), () => props.form.alert_roles);
  return (
    <div class="form" data-testid="job-alerts">
      <div class="row">
        <Checkbox label={tr("jobs.alerts.on_failure")} value="alert_on_failure" checked={props.form.alert_on_failure} onChange={props.set("alert_on_failure")} />
        <Checkbox label={tr("jobs.alerts.on_timeout")} value="alert_on_timeout" checked={props.form.alert_on_timeout} onChange={props.set("alert_on_timeout")} />
      </div>
      <div class="form-grid">
        <TextField {...num} label={tr("jobs.alerts.missed_start")} name="alert_missed_start_s" value={props.form.alert_missed_start_s} onChange={props.set("alert_missed_start_s")} description={tr("jobs.alerts.missed_start_hint")} error={e("missed_start_grace_s")} />
        <TextField {...num} label={tr("jobs.alerts.consecutive")} name="alert_consecutive" value={props.form.alert_consecutive} onChange={props.set("alert_consecutive")} description={tr("jobs.alerts.consecutive_hint")} error={e("consecutive_failures")} />
        <TextField label={tr("jobs.alerts.tail_factor")} name="alert_tail_factor" value={props.form.alert_tail_factor} onChange={props.set("alert_tail_factor")} description={tr("jobs.alerts.tail_hint")} error={e("long_tail.factor") ?? e("long_tail")} />
        <TextField {...num} label={tr("jobs.alerts.tail_window")} name="alert_tail_window" value={props.form.alert_tail_window} onChange={props.set("alert_tail_window")} error={e("long_tail.window")} />
        <MultiSelect
          label={tr("jobs.alerts.users")}
          name="alert_users"
          options={userOptions()}
          value={props.form.alert_users}
          onChange={props.set("alert_users")}
          error={e("recipients.users")}
        />
        <MultiSelect
          label={tr("jobs.alerts.roles")}
          name="alert_roles"
          options={roleOptions()}
          value={props.form.alert_roles}
          onChange={props.set("alert_roles")}
          error={e("recipients.roles")}
        />
      </div>
      <div class="row">
        <Checkbox label={tr("jobs.alerts.owner")} value="alert_owner" checked={props.form.alert_owner} onChange={props.set("alert_owner")} />
      </div>
    </div>
  );
}
