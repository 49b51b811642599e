import { CONCURRENCY_POLICIES, MISFIRE_POLICIES } from "@ops/shared/contracts/jobs.ts";
import type { JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import type { FormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import type { FieldSetter } from "./job-config-fields.tsx";
import type { JobForm } from "./job-form-model.ts";

/** Retries and backoff, timeout, concurrency, missed fires, priority and shards. */
export function JobPolicyFields(props: { form: JobForm; set: FieldSetter; errors: FormErrors }): JSX.Element {
  const num = { type: "number" as const, inputMode: "numeric" as const };
  return (
    <div class="form-grid">
      <TextField {...num} label={tr("jobs.retries_count")} name="retries_count" value={props.form.retries_count} onChange={props.set("retries_count")} error={props.errors.of("retries.count")} />
      <Select
        label={tr("jobs.backoff_type")}
        name="backoff_type"
        value={props.form.backoff_type}
        options={[{ value: "fixed", label: tr("jobs.backoff.fixed") }, { value: "exponential", label: tr("jobs.backoff.exponential") }]}
        onChange={(v) => props.set("backoff_type")(v === "exponential" ? "exponential" : "fixed")}
        error={props.errors.of("retries.backoff.type")}
      />
      <TextField {...num} label={tr("jobs.delay_ms")} name="delay_ms" value={props.form.delay_ms} onChange={props.set("delay_ms")} error={props.errors.of("retries.backoff.delay_ms")} />
      <TextField {...num} label={tr("jobs.timeout_s")} name="timeout_s" value={props.form.timeout_s} onChange={props.set("timeout_s")} error={props.errors.of("timeout_s")} />
      <Select
        label={tr("jobs.concurrency")}
        name="concurrency"
        value={props.form.concurrency}
        options={CONCURRENCY_POLICIES.map((c) => ({ value: c, label: tr(`jobs.concurrency.${c}`) }))}
        onChange={(v) => props.set("concurrency")((v || "allow") as JobForm["concurrency"])}
        error={props.errors.of("concurrency")}
      />
      <Select
        label={tr("jobs.misfire")}
        name="misfire"
        value={props.form.misfire}
        options={MISFIRE_POLICIES.map((m) => ({ value: m, label: tr(`jobs.misfire.${m}`) }))}
        onChange={(v) => props.set("misfire")((v || "fire_once") as JobForm["misfire"])}
        error={props.errors.of("misfire")}
      />
      <TextField {...num} label={tr("jobs.priority")} name="priority" value={props.form.priority} onChange={props.set("priority")} description={tr("jobs.priority_hint")} error={props.errors.of("priority")} />
      <TextField {...num} label={tr("jobs.shards")} name="shards" value={props.form.shards} onChange={props.set("shards")} description={tr("jobs.shards_hint")} error={props.errors.of("shards")} />
    </div>
  );
}
