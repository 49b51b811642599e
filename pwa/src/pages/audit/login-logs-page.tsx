import { createSignal, Show, type JSX } from "solid-js";
import { auditApi } from "../../data/audit.ts";
import { createPagedResource } from "../../data/paged.ts";
import { loginReasonText } from "@ops/shared/contracts/audit.ts";
import { formatTime, locale, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { localToIso } from "./time-range.ts";

type LoginFilters = { username?: string; success?: string; ip?: string; from?: string; to?: string };

/** Sign-in attempts, successful or not, with the reason of each failure. */
export default function LoginLogsPage(): JSX.Element {
  const list = createPagedResource(auditApi.loginLogs, {} as LoginFilters);
  const [username, setUsername] = createSignal("");
  const [success, setSuccess] = createSignal("");
  const [ip, setIp] = createSignal("");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const apply = (e: Event) => {
    e.preventDefault();
    list.setFilters({ username: username().trim(), success: success(), ip: ip().trim(), from: localToIso(from()), to: localToIso(to()) });
  };
  return (
    <section class="page" data-testid="login-logs-page">
      <PageHeader title={tr("nav.login_logs")} />
      <form class="filters filters--wide" role="search" onSubmit={apply}>
        <TextField label={tr("login.username")} name="username" value={username()} onChange={setUsername} />
        <Select label={tr("audit.result")} name="success" value={success()} onChange={setSuccess} emptyLabel={tr("common.all")} options={[{ value: "true", label: tr("audit.success") }, { value: "false", label: tr("audit.failure") }]} />
        <TextField label="IP" name="ip" value={ip()} onChange={setIp} />
        <TextField label={tr("audit.from")} name="from" type="datetime-local" value={from()} onChange={setFrom} />
        <TextField label={tr("audit.to")} name="to" type="datetime-local" value={to()} onChange={setTo} />
        <div class="filters__buttons"><Button type="submit" variant="primary">{tr("common.search")}</Button></div>
      </form>
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <DataTable
              testid="login-logs-table"
              items={page().items}
              rowKey={(l) => l.id}
              columns={[
                { key: "ts", header: tr("audit.time"), render: (l) => formatTime(l.ts) },
                {
                  key: "user", header: tr("audit.user"), primary: true,
                  render: (l) => (
                    <span class="row row--tight">
                      <span data-col="user">{l.display_name ?? l.username}</span>
                      <Show when={l.display_name}>
                        <span class="muted" data-col="username">{l.username}</span>
                      </Show>
                    </span>
                  ),
                },
                { key: "ok", header: tr("audit.result"), render: (l) => <span class={`badge ${l.success ? "badge--ok" : "badge--danger"}`}>{l.success ? tr("audit.success") : tr("audit.failure")}</span> },
                { key: "reason", header: tr("audit.reason"), render: (l) => <span data-col="reason" title={l.reason ?? undefined}>{loginReasonText(locale(), l.reason) ?? "—"}</span> },
                { key: "provider", header: tr("sessions.provider"), render: (l) => l.provider },
                { key: "ip", header: "IP", render: (l) => l.ip ?? "—" },
              ]}
            />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
    </section>
  );
}
