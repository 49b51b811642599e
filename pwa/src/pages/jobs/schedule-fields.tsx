import { createEffect, createSignal, For, Match, on, onCleanup, Show, Switch, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { jobsApi, type NextFires } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import type { FormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import type { FieldSetter } from "./job-config-fields.tsx";
import { scheduleOf, type JobForm, type ScheduleKind } from "./job-form-model.ts";
import { cronText } from "./schedule-text.ts";
import { formatInZone } from "./zone-time.ts";

const KINDS: ScheduleKind[] = ["cron", "every", "delay", "at", "none"];
/** typing pauses this long before the server is asked (one request per pause, not per key) */
const PREVIEW_DELAY_MS = 400;

/**
 * Schedule kind and its inputs, with a helper that lists the next 5 fires in the job's zone. The
 * server computes them (POST /jobs/next-fires-preview, the save's own rules), so what the helper
 * accepts is what a save accepts; its complaint shows at the field it names until the next save.
 */
export function ScheduleFields(props: { form: JobForm; set: FieldSetter; errors: FormErrors }): JSX.Element {
  const [preview, setPreview] = createSignal<NextFires | null>(null);
  const [previewErrors, setPreviewErrors] = createSignal<Record<string, string>>({});
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  createEffect(on(() => JSON.stringify(scheduleOf(props.form)), (key) => {
    clearTimeout(timer);
    const schedule = JSON.parse(key) as ReturnType<typeof scheduleOf>;
    if (!schedule) return setPreview({ fires: [], timezone: null });
    const mine = ++asked;
    timer = setTimeout(() => {
      jobsApi.previewFires(schedule).then(
        (r) => mine === asked && (setPreview(r), setPreviewErrors({})),
        (e: unknown) => {
          if (mine !== asked) return;
          setPreview(null);
          setPreviewErrors(isApiError(e) ? Object.fromEntries(e.errors.map((x) => [x.field, x.message])) : {});
        },
      );
    }, PREVIEW_DELAY_MS);
  }));
  onCleanup(() => clearTimeout(timer));
  const err = (field: string) => props.errors.of(field) ?? previewErrors()[field];
  return (
    <>
      <Select
        label={tr("jobs.schedule_kind")}
        name="schedule_kind"
        value={props.form.schedule_kind}
        options={KINDS.map((k) => ({ value: k, label: tr(`jobs.schedule_kind.${k}`) }))}
        onChange={(v) => props.set("schedule_kind")((v || "none") as ScheduleKind)}
      />
      <Switch>
        <Match when={props.form.schedule_kind === "cron"}>
          <div class="form-grid">
            <TextField label={tr("jobs.cron")} name="cron" required value={props.form.cron} onChange={props.set("cron")} placeholder="0 30 2 * * *" description={tr("jobs.cron_hint")} error={err("schedule.cron")} />
            <TextField label={tr("jobs.timezone")} name="timezone" value={props.form.timezone} onChange={props.set("timezone")} placeholder="Asia/Shanghai" error={err("schedule.timezone")} />
          </div>
        </Match>
        <Match when={props.form.schedule_kind === "every"}>
          <TextField label={tr("jobs.every_s")} name="every_s" type="number" inputMode="numeric" required value={props.form.every_s} onChange={props.set("every_s")} error={err("schedule.every_s") ?? err("schedule")} />
        </Match>
        <Match when={props.form.schedule_kind === "delay"}>
          <TextField label={tr("jobs.delay_s")} name="delay_s" type="number" inputMode="numeric" required value={props.form.delay_s} onChange={props.set("delay_s")} description={tr("jobs.delay_hint")} error={err("schedule.delay_s") ?? err("schedule")} />
        </Match>
        <Match when={props.form.schedule_kind === "at"}>
          <TextField label={tr("jobs.at")} name="at" type="datetime-local" required value={props.form.at} onChange={props.set("at")} error={err("schedule.at") ?? err("schedule")} />
        </Match>
      </Switch>
      <Show when={props.form.schedule_kind !== "none"}>
        <div class="card" data-testid="next-fires">
          <div class="section-title section-title--first">
            {tr("jobs.next_fires")}
            <Show when={props.form.schedule_kind === "cron"}> · {cronText(props.form.cron)}</Show>
            <Show when={preview()?.timezone}> ({preview()!.timezone})</Show>
          </div>
          <Show when={preview()} fallback={<p class="muted">{Object.keys(previewErrors()).length ? tr("jobs.next_fires_invalid") : tr("common.loading")}</p>}>
            {(p) => (
              <Show when={p().fires.length} fallback={<p class="muted">{tr("jobs.next_fires_none")}</p>}>
                <ol>
                  <For each={p().fires}>{(f) => <li data-testid="next-fire" data-at={f}>{formatInZone(f, p().timezone)}</li>}</For>
                </ol>
                <Show when={props.form.schedule_kind === "delay"}>
                  <p class="muted">{tr("jobs.next_fires_delay_note", { n: props.form.delay_s })}</p>
                </Show>
              </Show>
            )}
          </Show>
        </div>
      </Show>
    </>
  );
}
