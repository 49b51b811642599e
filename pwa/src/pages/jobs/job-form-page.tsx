import { JOB_TYPES } from "@ops/shared/contracts/jobs.ts";
import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, type JSX } from "solid-js";
import { createStore } from "solid-js/store";
import { jobsApi, type Job } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { departmentsOrEmpty, deptOptions } from "../iam/dept-options.ts";
import { JobConfigFields, type FieldSetter } from "./job-config-fields.tsx";
import { bodyOf, emptyForm, formFromJob, type JobForm } from "./job-form-model.ts";
import { JobAlertFields } from "./job-alert-fields.tsx";
import { JobPolicyFields } from "./job-policy-fields.tsx";
import { ScheduleFields } from "./schedule-fields.tsx";

/** `/jobs/new` and `/jobs/{id}/edit`: one form for every type; the API's field errors show at their inputs. */
export default function JobFormPage(): JSX.Element {
  const params = useParams<{ id?: string }>();
  const [job] = createResource(() => params.id ?? "", (id) => (id ? jobsApi.get(id) : Promise.resolve(null)));
  return (
    <ResourceView resource={job}>
      {(j) => <JobFormView job={j()} />}
    </ResourceView>
  );
}

function JobFormView(props: { job: Job | null }): JSX.Element {
  const [form, setForm] = createStore<JobForm>(props.job ? formFromJob(props.job) : emptyForm());
  const set: FieldSetter = (key) => (value) => setForm(key, value as never);
  const [departments] = createResource(departmentsOrEmpty, { initialValue: [] });
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const navigate = useNavigate();
  const save = async () => {
    setBusy(true);
    try {
      const saved = props.job ? await jobsApi.update(props.job.id, bodyOf(form, props.job)) : await jobsApi.create(bodyOf(form));
      errors.clear();
      notify.success(tr(props.job ? "jobs.saved" : "jobs.created", { job: saved.name }));
      navigate(`/jobs/${saved.id}`);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="page" data-testid="job-form-page">
      <PageHeader title={props.job ? tr("jobs.edit_title", { job: props.job.name }) : tr("jobs.create")} />
      <form
        class="form card"
        data-testid="job-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 class="section-title section-title--first">{tr("jobs.section.basic")}</h2>
        <div class="form-grid">
          <TextField label={tr("jobs.name")} name="name" required value={form.name} onChange={set("name")} description={tr("jobs.name_hint")} error={errors.of("name")} />
          <Select label={tr("jobs.type")} name="type" required value={form.type} options={JOB_TYPES.map((t) => ({ value: t, label: tr(`jobs.type.${t}`) }))} onChange={(v) => setForm("type", (v || "shell") as Job["type"])} error={errors.of("type")} />
          <TextField class="form-grid__wide" label={tr("jobs.description")} name="description" value={form.description} onChange={set("description")} error={errors.of("description")} />
          <Select label={tr("jobs.owner_department")} name="owner_department_id" value={form.owner_department_id} options={deptOptions(departments())} emptyLabel={tr("jobs.owner_default")} onChange={set("owner_department_id")} error={errors.of("owner_department_id")} />
          <TextField label={tr("jobs.tags")} name="tags" value={form.tags} onChange={set("tags")} description={tr("jobs.tags_hint")} error={errors.of("tags")} />
        </div>
        <h2 class="section-title">{tr("jobs.section.config")}</h2>
        <JobConfigFields form={form} set={set} errors={errors} />
        <TextField label={tr("jobs.params")} name="params" multiline value={form.params} onChange={set("params")} description={tr("jobs.params_hint")} error={errors.of("params")} />
        <h2 class="section-title">{tr("jobs.section.schedule")}</h2>
        <ScheduleFields form={form} set={set} errors={errors} />
        <h2 class="section-title">{tr("jobs.section.policy")}</h2>
        <JobPolicyFields form={form} set={set} errors={errors} />
        <h2 class="section-title">{tr("jobs.section.alerts")}</h2>
        <JobAlertFields form={form} set={set} errors={errors} />
        <div class="row">
          <Button type="submit" variant="primary" loading={busy()} data-testid="job-save">{tr("common.save")}</Button>
          <A class="btn btn--secondary btn--md" href={props.job ? `/jobs/${props.job.id}` : "/jobs"}>{tr("common.cancel")}</A>
        </div>
      </form>
    </section>
  );
}
