import { createSignal, type JSX } from "solid-js";
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES } from "../../data/feedback.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { localToIso } from "../audit/time-range.ts";
import { categoryName, statusName } from "./status.ts";

export type FeedbackFilterValues = { q?: string; status?: string; category?: string; assignee?: string; submitter?: string; from?: string; to?: string };

/** Open work first: the default shows what is not finished yet. */
export const OPEN_STATUSES = "new,triaged,in_progress";

/** Filters apply on submit (typing fires no request per key); status and assignee choices apply at once. */
export function FeedbackFilters(props: { initial: FeedbackFilterValues; onApply: (f: FeedbackFilterValues) => void }): JSX.Element {
  const [q, setQ] = createSignal(props.initial.q ?? "");
  const [status, setStatus] = createSignal(props.initial.status ?? "");
  const [category, setCategory] = createSignal(props.initial.category ?? "");
  const [assignee, setAssignee] = createSignal(props.initial.assignee ?? "");
  const [submitter, setSubmitter] = createSignal(props.initial.submitter ?? "");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");

  const apply = (e?: Event) => {
    e?.preventDefault();
    props.onApply({
      q: q().trim(), status: status(), category: category(), assignee: assignee(), submitter: submitter().trim(), from: localToIso(from()), to: localToIso(to()),
    });
  };
  const choose = (set: (v: string) => void) => (v: string) => {
    set(v);
    apply();
  };
  const reset = () => {
    for (const set of [setQ, setCategory, setAssignee, setSubmitter, setFrom, setTo]) set("");
    setStatus(OPEN_STATUSES);
    apply();
  };

  return (
    <form class="filters filters--wide" role="search" onSubmit={apply} data-testid="feedback-filters">
      <TextField label={tr("feedback.keyword")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("feedback.keyword_placeholder")} />
      <Select
        label={tr("feedback.status_label")} name="status" value={status()} onChange={choose(setStatus)} emptyLabel={tr("common.all")}
        options={[
          { value: OPEN_STATUSES, label: `${statusName("new")} / ${statusName("triaged")} / ${statusName("in_progress")}` },
          ...FEEDBACK_STATUSES.map((s) => ({ value: s, label: statusName(s) })),
        ]}
      />
      <Select
        label={tr("feedback.category")} name="category" value={category()} onChange={choose(setCategory)} emptyLabel={tr("common.all")}
        options={FEEDBACK_CATEGORIES.map((c) => ({ value: c, label: categoryName(c) }))}
      />
      <Select
        label={tr("feedback.assignee")} name="assignee" value={assignee()} onChange={choose(setAssignee)} emptyLabel={tr("common.all")}
        options={[{ value: "me", label: tr("feedback.assignee_me") }, { value: "none", label: tr("feedback.assignee_none") }]}
      />
      <TextField label={tr("feedback.submitter")} name="submitter" value={submitter()} onChange={setSubmitter} placeholder={tr("feedback.submitter_placeholder")} />
      <TextField label={tr("feedback.from")} name="from" type="datetime-local" value={from()} onChange={setFrom} />
      <TextField label={tr("feedback.to")} name="to" type="datetime-local" value={to()} onChange={setTo} />
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
        <Button onClick={reset}>{tr("common.reset")}</Button>
      </div>
    </form>
  );
}
