import { JOB_STATUSES, JOB_TYPES } from "@ops/shared/contracts/jobs.ts";
import { createEffect, createSignal, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

/** The jobs list's filters, as they stand in the URL (`/jobs?q=&type=&status=&tag=`). */
export const JOB_FILTER_KEYS = ["q", "type", "status", "tag"] as const;
export type JobFilterValues = Record<(typeof JOB_FILTER_KEYS)[number], string>;

/** Text fields apply on submit; type and status at once. */
export function JobFilters(props: { value: JobFilterValues; onChange: (v: Partial<JobFilterValues>) => void }): JSX.Element {
  const [q, setQ] = createSignal(props.value.q);
  const [tag, setTag] = createSignal(props.value.tag);
  createEffect(() => setQ(props.value.q));
  createEffect(() => setTag(props.value.tag));
  return (
    <form
      class="filters filters--wide"
      role="search"
      data-testid="job-filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ q: q().trim(), tag: tag().trim() });
      }}
    >
      <TextField label={tr("jobs.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("jobs.search_placeholder")} />
      <Select
        label={tr("jobs.type")}
        name="type"
        value={props.value.type}
        emptyLabel={tr("common.all")}
        options={JOB_TYPES.map((t) => ({ value: t, label: tr(`jobs.type.${t}`) }))}
        onChange={(type) => props.onChange({ type })}
      />
      <Select
        label={tr("jobs.job_status")}
        name="status"
        value={props.value.status}
        emptyLabel={tr("common.all")}
        options={JOB_STATUSES.map((s) => ({ value: s, label: tr(`jobs.job_status.${s}`) }))}
        onChange={(status) => props.onChange({ status })}
      />
      <TextField label={tr("jobs.tag")} name="tag" value={tag()} onChange={setTag} />
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
      </div>
    </form>
  );
}
