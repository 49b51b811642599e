import { MISFIRE_POLICIES, type JobSchedule, type MisfirePolicy } from "@ops/shared/contracts/jobs.ts";
import { createStore } from "solid-js/store";
import { Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import type { FormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { DEFAULT_TIMEZONE, emptyForm, scheduleOf, type JobForm } from "../jobs/job-form-model.ts";
import { ScheduleFields } from "../jobs/schedule-fields.tsx";

/** `at` in the browser's local time (datetime-local has no zone), as the job form shows it. */
function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A flow's schedule in its settings: the job form's schedule fields and their next-5-fires helper
 * (the same shapes and the server's own rules), plus the misfire policy. `value()` is the body part.
 */
export function createFlowSchedule(initial: { schedule: JobSchedule; misfire: MisfirePolicy } | null) {
  const s = initial?.schedule ?? null;
  const [form, setForm] = createStore<JobForm>({
    ...emptyForm(),
    schedule_kind: !s ? "none" : "cron" in s ? "cron" : "every_s" in s ? "every" : "delay_s" in s ? "delay" : "at",
    cron: s && "cron" in s ? s.cron : "0 0 2 * * *", timezone: s && "cron" in s ? s.timezone : DEFAULT_TIMEZONE,
    every_s: s && "every_s" in s ? String(s.every_s) : "300", delay_s: s && "delay_s" in s ? String(s.delay_s) : "300", at: s && "at" in s ? localInput(s.at) : "",
    misfire: initial?.misfire ?? "fire_once",
  });
  const set = <K extends keyof JobForm>(key: K) => (value: JobForm[K]) => setForm(key, value as never);
  return {
    form, set,
    value: () => ({ schedule: scheduleOf(form), misfire: form.misfire }),
    Fields: (props: { errors: FormErrors }): JSX.Element => (
      <div class="card" data-testid="flow-schedule">
        <div class="section-title section-title--first">{tr("flows.schedule")}</div>
        <ScheduleFields form={form} set={set} errors={props.errors} />
        <Show when={form.schedule_kind !== "none"}>
          <Select
            label={tr("jobs.misfire")}
            name="misfire"
            value={form.misfire}
            options={MISFIRE_POLICIES.map((m) => ({ value: m, label: tr(`jobs.misfire.${m}`) }))}
            onChange={(v) => set("misfire")((v || "fire_once") as MisfirePolicy)}
            error={props.errors.of("misfire")}
          />
        </Show>
      </div>
    ),
  };
}
