import { A, useBeforeLeave, useNavigate, useParams, type BeforeLeaveEventArgs } from "@solidjs/router";
import { createResource, createSignal, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { flowsApi, type Flow } from "../../data/flows.ts";
import { createFlowDesign } from "../../designers/flow/design-state.ts";
import { FlowDesigner } from "../../designers/flow/flow-designer.tsx";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { departmentsOrEmpty, deptOptions } from "../iam/dept-options.ts";
import { parsePairs } from "../jobs/job-form-model.ts";
import { pairsText } from "./flow-run-dialog.tsx";
import { createFlowSchedule } from "./flow-schedule-fields.tsx";

/** `/flows/new` and `/flows/{id}/edit`: the flow's name and defaults above the designer; every save is a new version. */
export default function FlowFormPage(): JSX.Element {
  const params = useParams<{ id?: string }>();
  const [flow] = createResource(() => params.id ?? "", (id) => (id ? flowsApi.get(id) : Promise.resolve(null)));
  return (
    <ResourceView resource={flow}>
      {(f) => <FlowFormView flow={f()} />}
    </ResourceView>
  );
}

const list = (text: string) => text.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean);

function FlowFormView(props: { flow: Flow | null }): JSX.Element {
  const f = props.flow;
  const [name, setName] = createSignal(f?.name ?? "");
  const [description, setDescription] = createSignal(f?.description ?? "");
  const [tags, setTags] = createSignal(f?.tags.join(",") ?? "");
  const [params, setParams] = createSignal(pairsText(f?.params ?? {}));
  const [dept, setDept] = createSignal(f?.owner_department_id ?? "");
  const schedule = createFlowSchedule(f ? { schedule: f.schedule ?? null, misfire: f.misfire ?? "fire_once" } : null);
  const [departments] = createResource(departmentsOrEmpty, { initialValue: [] });
  const design = createFlowDesign({ nodes: f?.nodes ?? [], edges: f?.edges ?? [] }, { check: true, params: () => parsePairs(params(), "=") });
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const navigate = useNavigate();
  // leaving with unsaved changes asks first (in-app links; a save then navigates freely)
  const snapshot = () => JSON.stringify([name(), description(), tags(), params(), dept(), design.graph(), schedule.value()]);
  const pristine = snapshot();
  let left = false;
  const [leaving, setLeaving] = createSignal<BeforeLeaveEventArgs | null>(null);
  useBeforeLeave((e) => {
    if (left || e.defaultPrevented || snapshot() === pristine) return;
    e.preventDefault();
    setLeaving(e);
  });
  const save = async () => {
    setBusy(true);
    try {
      const body = { name: name().trim(), description: description(), ...design.graph(), params: parsePairs(params(), "="), owner_department_id: dept() || null, tags: list(tags()), ...schedule.value() };
      const saved = f ? await flowsApi.update(f.id, body) : await flowsApi.create(body);
      errors.clear();
      left = true;
      notify.success(tr(f ? "flows.saved" : "flows.created", { flow: saved.name, version: saved.version }));
      navigate(`/flows/${saved.id}`);
    } catch (e) {
      errors.fail(e);
      if (isApiError(e)) design.showSaveErrors(e.errors);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="page" data-testid="flow-form-page">
      <PageHeader title={f ? tr("flows.edit_title", { flow: f.name, version: f.version }) : tr("flows.create")} />
      <form
        class="form card"
        data-testid="flow-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div class="form-grid">
          <TextField label={tr("flows.name")} name="name" required value={name()} onChange={setName} description={tr("flows.name_hint")} error={errors.of("name")} />
          <Select label={tr("flows.owner_department")} name="owner_department_id" value={dept()} options={deptOptions(departments())} emptyLabel={tr("flows.owner_default")} onChange={setDept} error={errors.of("owner_department_id")} />
          <TextField class="form-grid__wide" label={tr("flows.description")} name="description" value={description()} onChange={setDescription} error={errors.of("description")} />
          <TextField label={tr("flows.tags")} name="tags" value={tags()} onChange={setTags} description={tr("flows.tags_hint")} error={errors.of("tags")} />
          <TextField label={tr("flows.params")} name="params" multiline value={params()} onChange={setParams} description={tr("flows.params_hint")} error={errors.of("params")} />
        </div>
        <schedule.Fields errors={errors} />
      </form>
      <FlowDesigner state={design} />
      <div class="row">
        <Button variant="primary" loading={busy()} onClick={() => void save()} data-testid="flow-save">{tr("common.save")}</Button>
        <A class="btn btn--secondary btn--md" href={f ? `/flows/${f.id}` : "/flows"} data-testid="flow-form-cancel">{tr("common.cancel")}</A>
      </div>
      <ConfirmDialog
        open={leaving() !== null}
        onOpenChange={(o) => !o && setLeaving(null)}
        title={tr("flows.leave_title")}
        message={tr("flows.leave_message")}
        confirmLabel={tr("flows.leave_confirm")}
        danger
        onConfirm={async () => {
          left = true;
          leaving()?.retry(true);
        }}
      />
    </section>
  );
}
