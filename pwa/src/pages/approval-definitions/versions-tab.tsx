import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi, type DefinitionVersion } from "../../data/approval-definitions.ts";
import { ApprovalDesigner } from "../../designers/approval/approval-designer.tsx";
import { createApprovalDesign } from "../../designers/approval/design-state.ts";
import { FormPreview } from "../../designers/approval-form/form-preview.tsx";
import { formatTime, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { BpmnExportButton } from "./bpmn-buttons.tsx";

/** The published versions, newest first; one opens read-only (its flow and its form) below the list. */
export function VersionsTab(props: { id: string; fileKey: string }): JSX.Element {
  const [versions] = createResource(() => props.id, (id) => approvalDefinitionsApi.versions(id));
  const [viewing, setViewing] = createSignal<number | null>(null);
  const [shown] = createResource(viewing, (v) => approvalDefinitionsApi.version(props.id, v));
  return (
    <div class="apd-stack" data-testid="apd-versions-tab">
      <ResourceView resource={versions}>
        {(list) => (
          <ol class="apd-versions" data-testid="apd-versions">
            <For each={list()} fallback={<li class="muted">{tr("apd.versions_empty")}</li>}>
              {(v) => (
                <li data-version={v.version}>
                  <strong>v{v.version}</strong>
                  <span class="muted">{formatTime(v.published_at)}</span>
                  <Show when={viewing() !== v.version} fallback={<span class="badge badge--menu">{tr("apd.version_shown")}</span>}>
                    <Button size="sm" variant="ghost" onClick={() => setViewing(v.version)} data-testid="apd-view-version">{tr("apd.view_version")}</Button>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        )}
      </ResourceView>
      <Show when={shown()} keyed>
        {(v) => <VersionView id={props.id} fileKey={props.fileKey} version={v} />}
      </Show>
    </div>
  );
}

function VersionView(props: { id: string; fileKey: string; version: DefinitionVersion }): JSX.Element {
  const design = createApprovalDesign(props.version, { check: false });
  return (
    <section class="apd-stack" data-testid="apd-version-view" data-version={props.version.version}>
      <div class="apd-facts">
        <h2 class="section-title">{tr("apd.version_title", { v: props.version.version, name: props.version.name })}</h2>
        <span class="badge badge--muted">{tr("apd.read_only")}</span>
        <BpmnExportButton id={props.id} fileKey={props.fileKey} version={props.version.version} />
      </div>
      <ApprovalDesigner state={design} readOnly />
      <h3 class="section-title">{tr("apd.tab.form")}</h3>
      <FormPreview fields={props.version.form} disabled />
    </section>
  );
}
