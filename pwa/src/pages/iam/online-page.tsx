import { createSignal, Show, type JSX } from "solid-js";
import { createPagedResource } from "../../data/paged.ts";
import { sessionsApi } from "../../data/sessions.ts";
import type { OnlineSession } from "../../data/types.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";

type Kick = { kind: "session" | "user"; row: OnlineSession };

/** Online sessions (data-scoped by the API); kick one session or every session of a user. */
export default function OnlinePage(): JSX.Element {
  const list = createPagedResource(sessionsApi.online, {});
  const [kick, setKick] = createSignal<Kick | null>(null);
  const actions = (s: OnlineSession) => (
    <Show when={can("iam:session:kick")}>
      <span class="row row--tight">
        <Button size="sm" variant="ghost" class="text-danger" onClick={() => setKick({ kind: "session", row: s })}>{tr("online.kick_session")}</Button>
        <Button size="sm" variant="ghost" class="text-danger" onClick={() => setKick({ kind: "user", row: s })}>{tr("online.kick_user")}</Button>
      </span>
    </Show>
  );
  return (
    <section class="page" data-testid="online-page">
      <PageHeader title={tr("nav.online")} actions={<Button onClick={() => list.refetch()}>{tr("common.refresh")}</Button>} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <DataTable
              items={page().items}
              rowKey={(s) => s.id}
              columns={[
                { key: "user", header: tr("online.user"), primary: true, render: (s) => <><strong>{s.display_name}</strong> <span class="muted">@{s.username}</span></> },
                { key: "dept", header: tr("users.department"), render: (s) => s.dept_name ?? "—" },
                { key: "ip", header: tr("sessions.ip"), render: (s) => s.ip ?? "—" },
                { key: "device", header: tr("sessions.device"), render: (s) => s.device ?? "—" },
                { key: "created", header: tr("sessions.created_at"), render: (s) => formatTime(s.created_at) },
                { key: "seen", header: tr("sessions.last_seen_at"), render: (s) => formatTime(s.last_seen_at) },
                { key: "actions", header: tr("common.actions"), class: "table__actions", render: actions },
              ]}
            />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <ConfirmDialog
        open={!!kick()}
        onOpenChange={(o) => !o && setKick(null)}
        title={kick()?.kind === "user" ? tr("online.kick_user") : tr("online.kick_session")}
        message={tr(kick()?.kind === "user" ? "online.confirm_kick_user" : "online.confirm_kick_session", { name: kick()?.row.display_name ?? "" })}
        danger
        onConfirm={async () => {
          const k = kick()!;
          if (k.kind === "user") await sessionsApi.kickUser(k.row.user_id);
          else await sessionsApi.kickSession(k.row.id);
          notify.success(tr("online.kicked"));
          await list.refetch();
        }}
      />
    </section>
  );
}
