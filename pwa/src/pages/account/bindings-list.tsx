import { createSignal, type JSX, type Resource } from "solid-js";
import { bindingsApi, type ChatBinding } from "../../data/bindings.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { platformLabel } from "./bindings-platform.ts";

/** My bound chat accounts, each with unbind behind a confirmation. */
export function BindingsList(props: { bindings: Resource<ChatBinding[]>; refetch: () => unknown }): JSX.Element {
  const [unbinding, setUnbinding] = createSignal<ChatBinding | null>(null);
  return (
    <div data-testid="bindings-list">
      <ResourceView resource={props.bindings} retry={() => props.refetch()}>
        {(items) => (
          <DataTable
            items={items()}
            rowKey={(b) => b.id}
            empty={tr("bindings.empty")}
            testid="bindings-table"
            columns={[
              { key: "platform", header: tr("bindings.platform"), primary: true, render: (b) => <span data-testid="binding-platform" data-platform={b.platform}>{platformLabel(b.platform)}</span> },
              { key: "name", header: tr("bindings.name"), render: (b) => b.name ?? "—" },
              { key: "external", header: tr("bindings.external_id"), render: (b) => <code data-testid="binding-external-id">{b.external_user_id}</code> },
              { key: "created", header: tr("bindings.bound_at"), render: (b) => formatTime(b.created_at) },
              { key: "actions", header: tr("common.actions"), class: "table__actions", render: (b) => <Button size="sm" variant="danger" data-testid="binding-unbind" onClick={() => setUnbinding(b)}>{tr("bindings.unbind")}</Button> },
            ]}
          />
        )}
      </ResourceView>
      <ConfirmDialog
        open={!!unbinding()}
        onOpenChange={(o) => !o && setUnbinding(null)}
        title={tr("bindings.unbind")}
        message={tr("bindings.unbind_confirm", { platform: platformLabel(unbinding()?.platform ?? ""), name: unbinding()?.name ?? unbinding()?.external_user_id ?? "" })}
        confirmLabel={tr("bindings.unbind")}
        danger
        onConfirm={async () => {
          await bindingsApi.unbind(unbinding()!.id);
          notify.success(tr("bindings.unbound"));
          await props.refetch();
        }}
      />
    </div>
  );
}
