import { createResource, Show, type JSX } from "solid-js";
import { configFlowApi } from "../../../data/config-flow.ts";
import { tr } from "../../../providers/i18n.ts";
import { DiffView } from "../../../ui/diff/diff-view.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { ReasonDialog } from "./reason-dialog.tsx";

/**
 * 回滚到此版本: shows what the rollback will change (the newest version → the chosen one's state) and
 * asks for the required reason; the API applies it as a new version (config:publish).
 */
export function RollbackDialog(props: { table: string; target: number | null; current: number; onClose: () => void; onDone: () => void }): JSX.Element {
  const [changes] = createResource(
    () => (props.target !== null ? { table: props.table, from: props.current, to: props.target } : null),
    (k) => configFlowApi.diff(k.table, k.from, k.to),
  );
  return (
    <ReasonDialog
      open={props.target !== null} onOpenChange={(o) => !o && props.onClose()} testid="rollback-dialog"
      title={tr("configFlow.rollback.title", { v: props.target ?? "" })} confirmLabel={tr("configFlow.rollback.confirm")} danger
      onConfirm={async (reason) => {
        await configFlowApi.rollback(props.table, props.target!, reason);
        props.onDone();
      }}
    >
      <p>{tr("configFlow.rollback.explain", { v: props.target ?? "", current: props.current })}</p>
      <ResourceView resource={changes}>
        {(entries) => (
          <Show when={entries().length} fallback={<p class="muted">{tr("configFlow.rollback.nothing")}</p>}>
            <DiffView entries={entries()} testid="rollback-diff" />
          </Show>
        )}
      </ResourceView>
    </ReasonDialog>
  );
}
