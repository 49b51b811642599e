import { A, useBeforeLeave, useNavigate, useParams, type BeforeLeaveEventArgs } from "@solidjs/router";
import type { ApprovalHook } from "@ops/shared/contracts/approvals.ts";
import { createMemo, createResource, createSignal, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi, type ApprovalDefinition, type DefinitionInput } from "../../data/approval-definitions.ts";
import { ApiError, isApiError } from "../../data/api-error.ts";
import { normalizeField } from "../../designers/approval/approval-issues.ts";
import { ApprovalDesigner } from "../../designers/approval/approval-designer.tsx";
import { createApprovalDesign } from "../../designers/approval/design-state.ts";
import { FormDesigner } from "../../designers/approval-form/form-designer.tsx";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { Tabs, type TabItem } from "../../ui/tabs.tsx";
import { BpmnExportButton } from "./bpmn-buttons.tsx";
import { HooksTab } from "./hooks-tab.tsx";
import { SettingsTab, type Basics } from "./settings-tab.tsx";
import { StatusBadge } from "./status-badge.tsx";
import { VersionsTab } from "./versions-tab.tsx";
import "./approval-definitions.css";

/** `/approval-definitions/new` and `/approval-definitions/{id}`: design, form, settings, hooks, versions; save, validate, publish, archive. */
export default function DefinitionPage(): JSX.Element {
  const params = useParams<{ id?: string }>();
  const [def] = createResource(() => params.id ?? "", (id) => (id ? approvalDefinitionsApi.get(id) : Promise.resolve(null)));
  return (
    <ResourceView resource={def}>
      {(d) => (
        <Show when={{ d: d() }} keyed>
          {(x) => <DefinitionEditor def={x.d} />}
        </Show>
      )}
    </ResourceView>
  );
}

const GRAPH_FIELD = /^(nodes|edges|form)(\.|$)/;

function DefinitionEditor(props: { def: ApprovalDefinition | null }): JSX.Element {
  const navigate = useNavigate();
  const [def, setDef] = createSignal(props.def);
  const initial = props.def;
  const [basics, setBasics] = createSignal<Basics>({
    key: initial?.key ?? "", name: initial?.name ?? "", description: initial?.description ?? "",
    settings: initial?.settings ?? { allow_withdraw: true, dedupe: true },
  });
  const [hooks, setHooks] = createSignal<ApprovalHook[]>(initial?.hooks ?? []);
  const design = createApprovalDesign({ form: initial?.form ?? [], nodes: initial?.nodes ?? [], edges: initial?.edges ?? [] }, { check: true });
  const [tab, setTab] = createSignal(initial ? "flow" : "settings");
  const [busy, setBusy] = createSignal<"save" | "publish" | null>(null);
  const [archiving, setArchiving] = createSignal(false);
  const errors = createFormErrors();

  const input = (): DefinitionInput => {
    const b = basics();
    const h = hooks();
    return { key: b.key.trim(), name: b.name.trim(), description: b.description, ...design.body(), settings: b.settings, ...(h.length ? { hooks: h } : {}) };
  };
  const snapshot = () => JSON.stringify(input());
  const [pristine, setPristine] = createSignal(snapshot());
  const dirty = () => snapshot() !== pristine();
  let left = false;
  const [leaving, setLeaving] = createSignal<BeforeLeaveEventArgs | null>(null);
  useBeforeLeave((e) => {
    if (left || e.defaultPrevented || !dirty()) return;
    e.preventDefault();
    setLeaving(e);
  });

  const fail = (raw: unknown) => {
    // the publish check names `hooks[0].run.ref`, a body error `hooks.0.run.ref`: dots from here on
    const e = isApiError(raw) ? new ApiError(raw.message, raw.status, raw.code, raw.reason, raw.errors.map((x) => ({ ...x, field: normalizeField(x.field) }))) : raw;
    errors.fail(e);
    if (!isApiError(e)) return;
    const graph = e.errors.filter((x) => GRAPH_FIELD.test(x.field));
    // a refusal about the key or a hook leaves the graph's own check standing
    if (graph.length) design.showErrors(graph);
    // the tab holding the first problem comes to the front
    const first = e.errors[0]?.field ?? "";
    setTab(/^form/.test(first) ? "form" : GRAPH_FIELD.test(first) ? "flow" : /^hooks/.test(first) ? "hooks" : first ? "settings" : tab());
  };
  /** saves the draft; a new definition moves to its own address */
  const save = async (): Promise<ApprovalDefinition | null> => {
    const d = def();
    const saved = d ? await approvalDefinitionsApi.update(d.id, input()) : await approvalDefinitionsApi.create(input());
    errors.clear();
    setDef(saved);
    setPristine(snapshot());
    return saved;
  };
  const run = async (what: "save" | "publish") => {
    setBusy(what);
    const wasNew = !def();
    try {
      let saved = dirty() || wasNew ? await save() : def()!;
      if (what === "publish") {
        saved = await approvalDefinitionsApi.publish(saved!.id);
        setDef(saved);
        notify.success(tr("apd.published", { name: saved.name, v: saved.published_version ?? 1 }));
      } else notify.success(tr("apd.saved", { name: saved!.name }));
      if (wasNew) {
        left = true;
        navigate(`/approval-definitions/${saved!.id}`, { replace: true });
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };
  const validate = async () => {
    const found = await design.check();
    if (found === null) return;
    if (found.length) {
      setTab("flow");
      notify.error(tr("apd.issue_count", { n: found.length }));
    } else notify.success(tr("apd.check_ok"));
  };
  const issuesIn = (prefix: RegExp) => design.issues().filter((x) => prefix.test(x.field)).length;
  const tabLabel = (key: string, n: number) => (n ? `${tr(key)} (${n})` : tr(key));
  // the items stay the same objects (labels are getters): a new list would rebuild the open panel
  const FLOW: TabItem = { value: "flow", get label() { return tabLabel("apd.tab.flow", issuesIn(/^(nodes|edges)/)); }, render: () => <ApprovalDesigner state={design} /> };
  const FORM: TabItem = { value: "form", get label() { return tabLabel("apd.tab.form", issuesIn(/^form/)); }, render: () => <FormDesigner form={design.state.form} edit={design.setForm} issues={(i) => design.placed().form.get(i) ?? []} /> };
  const SETTINGS: TabItem = { value: "settings", label: tr("apd.tab.settings"), render: () => <SettingsTab value={basics()} onChange={(v) => setBasics({ ...basics(), ...v })} errors={errors} /> };
  const HOOKS: TabItem = { value: "hooks", get label() { return tabLabel("apd.tab.hooks", hooks().length); }, render: () => <HooksTab hooks={hooks()} onChange={setHooks} errors={errors} /> };
  const VERSIONS: TabItem = { value: "versions", label: tr("apd.tab.versions"), render: () => <VersionsTab id={def()!.id} fileKey={def()!.key} /> };
  const saved = createMemo(() => def() !== null);
  const tabs = createMemo(() => [FLOW, FORM, SETTINGS, HOOKS, ...(saved() ? [VERSIONS] : [])]);
  return (
    <section class="page" data-testid="approval-definition-page">
      <PageHeader
        title={def() ? def()!.name : tr("apd.create")}
        actions={
          <>
            <Button variant="primary" loading={busy() === "save"} disabled={busy() !== null} onClick={() => void run("save")} data-testid="apd-save">{tr("common.save")}</Button>
            <Button loading={design.checking()} onClick={() => void validate()} data-testid="apd-check">{tr("apd.validate")}</Button>
            <Button loading={busy() === "publish"} disabled={busy() !== null || def()?.status === "archived"} onClick={() => void run("publish")} data-testid="apd-publish">{tr("apd.publish")}</Button>
          </>
        }
      />
      <div class="apd-facts" data-testid="apd-facts">
        <Show when={def()} fallback={<StatusBadge status="draft" />}>
          {(d) => (
            <>
              <StatusBadge status={d().status} />
              <span class="muted" data-testid="apd-published-version">{d().published_version ? tr("apd.published_as", { v: d().published_version! }) : tr("apd.never_published")}</span>
              <Show when={dirty()}><span class="badge badge--warn" data-testid="apd-dirty">{tr("apd.unsaved")}</span></Show>
              <Show when={d().status === "published" && can("approvals:submit")}>
                <A class="btn btn--secondary btn--sm" href={`/approvals/new?definition=${encodeURIComponent(d().key)}`} data-testid="apd-start">{tr("apd.start")}</A>
              </Show>
              <BpmnExportButton id={d().id} fileKey={d().key} />
              <Show when={d().status !== "archived"}>
                <Button size="sm" variant="ghost" onClick={() => setArchiving(true)} data-testid="apd-archive">{tr("apd.archive")}</Button>
              </Show>
            </>
          )}
        </Show>
        <A class="btn btn--ghost btn--sm" href="/approval-definitions">{tr("apd.back_to_list")}</A>
      </div>
      <Tabs tabs={tabs()} value={tab()} onChange={setTab} label={tr("apd.tabs")} />
      <ConfirmDialog
        open={archiving()}
        onOpenChange={setArchiving}
        title={tr("apd.archive_title")}
        message={tr("apd.archive_message", { name: def()?.name ?? "" })}
        confirmLabel={tr("apd.archive")}
        danger
        onConfirm={async () => {
          const d = await approvalDefinitionsApi.archive(def()!.id);
          setDef(d);
          notify.success(tr("apd.archived", { name: d.name }));
        }}
      />
      <ConfirmDialog
        open={leaving() !== null}
        onOpenChange={(o) => !o && setLeaving(null)}
        title={tr("apd.leave_title")}
        message={tr("apd.leave_message")}
        confirmLabel={tr("apd.leave_confirm")}
        danger
        onConfirm={async () => {
          left = true;
          leaving()?.retry(true);
        }}
      />
    </section>
  );
}
