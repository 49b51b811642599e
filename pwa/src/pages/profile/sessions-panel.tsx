import { createResource, createSignal, Show, type JSX } from "solid-js";
import { sessionsApi } from "../../data/sessions.ts";
import type { Session } from "../../data/types.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { ResourceView } from "../../ui/states.tsx";

/** My sessions; this device is marked and cannot be ended here (that is "sign out"). */
export function SessionsPanel(): JSX.Element {
  const [sessions, { refetch }] = createResource(() => sessionsApi.mine().then((r) => r.items));
  const [ending, setEnding] = createSignal<Session | null>(null);
  return (
    <div data-testid="sessions-panel">
      <ResourceView resource={sessions} retry={refetch}>
        {(items) => (
          <DataTable
            items={items()}
            rowKey={(s) => s.id}
            columns={[
              { key: "device", header: tr("sessions.device"), primary: true, render: (s) => <>{s.device || s.user_agent || "—"} <Show when={s.current}><span class="badge badge--ok">{tr("sessions.current")}</span></Show></> },
              { key: "ip", header: tr("sessions.ip"), render: (s) => s.ip ?? "—" },
              { key: "provider", header: tr("sessions.provider"), render: (s) => s.provider ?? "—" },
              { key: "created", header: tr("sessions.created_at"), render: (s) => formatTime(s.created_at) },
              { key: "seen", header: tr("sessions.last_seen_at"), render: (s) => formatTime(s.last_seen_at) },
              { key: "actions", header: tr("common.actions"), class: "table__actions", render: (s) => <Show when={!s.current}><Button size="sm" variant="danger" onClick={() => setEnding(s)}>{tr("sessions.end")}</Button></Show> },
            ]}
          />
        )}
      </ResourceView>
      <ConfirmDialog
        open={!!ending()}
        onOpenChange={(o) => !o && setEnding(null)}
        title={tr("sessions.end")}
        message={tr("sessions.end_confirm")}
        danger
        onConfirm={async () => {
          await sessionsApi.endMine(ending()!.id);
          notify.success(tr("sessions.ended"));
          await refetch();
        }}
      />
    </div>
  );
}
