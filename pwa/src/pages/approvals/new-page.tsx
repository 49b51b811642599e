import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { APPROVAL_LIMITS, approvalsApi, type ApprovalDefinition, type DefinitionVersion } from "../../data/approvals.ts";
import { me } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { ApprovalFormFields, checkDraft, emptyDraft, toPayload, UsersPicker, type Draft, type PickedUser } from "../../ui/approval-form/index.ts";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import "./approvals.css";

/** The published definitions to start from, as a pick list. */
function DefinitionList(): JSX.Element {
  const [defs, { refetch }] = createResource(() => approvalsApi.definitions({ status: "published", page_size: 200, sort: "name" }));
  return (
    <ResourceView resource={defs} retry={refetch}>
      {(page) => (
        <ul class="ap-defs" data-testid="approval-definitions">
          <For each={page().items} fallback={<li class="state muted">{tr("approvals.no_definitions")}</li>}>
            {(d) => (
              <li>
                <A class="ap-def" href={`/approvals/new?definition=${encodeURIComponent(d.key)}`} data-testid="approval-definition" data-key={d.key}>
                  <strong>{d.name}</strong>
                  <Show when={d.description}><span class="muted">{d.description}</span></Show>
                </A>
              </li>
            )}
          </For>
        </ul>
      )}
    </ResourceView>
  );
}

type Loaded = { def: ApprovalDefinition; version: DefinitionVersion };

/** The form of one definition's published version, the people for its initiator-select nodes, then POST /approvals. */
function StartForm(props: { loaded: Loaded }): JSX.Element {
  const navigate = useNavigate();
  const fields = () => props.loaded.version.form;
  const chooseNodes = () => props.loaded.version.nodes.filter((n) => n.type === "approver" && n.approvers?.type === "initiator_select");
  const [title, setTitle] = createSignal(tr("approvals.default_title", { name: me()?.display_name ?? "", definition: props.loaded.def.name }));
  const [draft, setDraft] = createSignal<Draft>(emptyDraft(fields()));
  const [chosen, setChosen] = createSignal<Record<string, PickedUser[]>>({});
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const err = (path: string) => local()[path] ?? errors.of(path);

  /** A changed field drops its own client-side error (and its cells'); the API's stay until the next submit. */
  const change = (key: string, value: unknown) => {
    // a control may report its value again on re-render: no change, no update (else the two would loop)
    if (draft()[key] === value) return;
    setDraft({ ...draft(), [key]: value });
    const path = `form.${key}`;
    const kept = Object.entries(local()).filter(([k]) => k !== path && !k.startsWith(`${path}[`));
    if (kept.length !== Object.keys(local()).length) setLocal(Object.fromEntries(kept));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    const problems = checkDraft(fields(), draft(), tr);
    if (!title().trim()) problems.title = tr("approval_form.required", { label: tr("approvals.field_title") });
    for (const n of chooseNodes()) if (!chosen()[n.key]?.length) problems[`approvers.${n.key}`] = tr("approvals.choose_approvers", { node: n.name ?? n.key });
    setLocal(problems);
    if (Object.keys(problems).length) return notify.error(tr("approval_form.fix_fields"));
    const { form, files } = toPayload(fields(), draft());
    const approvers = Object.fromEntries(Object.entries(chosen()).filter(([, v]) => v.length).map(([k, v]) => [k, v.map((u) => u.id)]));
    setBusy(true);
    try {
      const inst = await approvalsApi.start({ definition: props.loaded.def.key, title: title().trim(), form, approvers });
      // the form's files go up as comments of the new approval; the form names them
      for (const f of files) await approvalsApi.comment(inst.id, f.field.label, f.files).catch(notifyError);
      notify.success(tr("approvals.started", { title: inst.title }));
      navigate(`/approvals/${inst.id}`);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form ap-start" data-testid="approval-start-form" data-definition={props.loaded.def.key} onSubmit={(e) => void submit(e)} noValidate>
      <TextField name="title" label={tr("approvals.field_title")} required value={title()} onChange={setTitle} error={err("title")}
        description={`${Array.from(title()).length} / ${APPROVAL_LIMITS.titleMax}`} />
      <ApprovalFormFields fields={fields()} values={draft()} onChange={change} error={err} disabled={busy()} />
      <For each={chooseNodes()}>
        {(n) => (
          <UsersPicker name={`approvers.${n.key}`} label={tr("approvals.approvers_of", { node: n.name ?? n.key })} required value={chosen()[n.key] ?? []}
            onChange={(users) => setChosen({ ...chosen(), [n.key]: users })} error={err(`approvers.${n.key}`)} exclude={me() ? [me()!.id] : []} />
        )}
      </For>
      <div class="row">
        <Button type="submit" variant="primary" loading={busy()} data-testid="approval-submit">{tr("approvals.submit")}</Button>
        <A class="btn btn--ghost btn--md" href="/approvals/new">{tr("approvals.pick_other")}</A>
      </div>
    </form>
  );
}

/** 发起审批: pick a published definition (or arrive with `?definition=<key>`), fill its form, submit → the new approval. */
export default function ApprovalNewPage(): JSX.Element {
  const [params] = useSearchParams<{ definition?: string }>();
  const [loaded] = createResource(() => params.definition || null, async (key): Promise<Loaded> => {
    const def = await approvalsApi.definition(key);
    if (def.published_version === null) throw new Error(tr("approvals.not_published", { name: def.name }));
    return { def, version: await approvalsApi.version(def.key, def.published_version) };
  });
  const heading = () => (params.definition && loaded.latest ? loaded.latest.def.name : tr("approvals.new_title"));
  return (
    <section class="page" data-testid="approval-new-page">
      <PageHeader title={heading()} subtitle={params.definition ? loaded.latest?.def.description || undefined : tr("approvals.new_subtitle")} />
      <Show when={params.definition} fallback={<DefinitionList />}>
        <ResourceView resource={loaded}>{(l) => <Show when={l()} keyed>{(x) => <StartForm loaded={x} />}</Show>}</ResourceView>
      </Show>
    </section>
  );
}
