import { createSignal, Show, type JSX } from "solid-js";
import { auditApi } from "../../data/audit.ts";
import { createUrlPagedResource } from "../../data/url-paged.ts";
import type { AuditLog } from "../../data/types.ts";
import { can } from "../../providers/auth.ts";
import { auditActionName, auditActorName, auditResultName, auditViaText } from "@ops/shared/contracts/audit.ts";
import { formatTime, locale, tr } from "../../providers/i18n.ts";
import { notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { AuditDetail } from "./audit-detail.tsx";
import { AUDIT_FILTER_KEYS, AuditFilters, type AuditFilterValues } from "./audit-filters.tsx";
import { saveBlob } from "./download.ts";
import { resultBadge } from "./result-badge.ts";
import { linkTimeToIso } from "./time-range.ts";

const resource = (l: AuditLog) => (l.resource_type ? `${l.resource_type}${l.resource_id ? `:${l.resource_id.slice(0, 8)}` : ""}` : "—");

/** The URL's words in the API's: `result` is `status`; a link may give a date ("2026-12-01") for from/to. */
const toQuery = ({ result, from, to, ...rest }: AuditFilterValues) => ({ ...rest, status: result, from: linkTimeToIso(from), to: linkTimeToIso(to) });

/**
 * Audit log: filters kept in the URL (the workbench links to `?actor=<me>`), readable rows (action
 * and actor names, result in words) expanding to the changed fields, CSV export of the current filter.
 */
export default function AuditLogsPage(): JSX.Element {
  const list = createUrlPagedResource(auditApi.logs, AUDIT_FILTER_KEYS, toQuery);
  const [exporting, setExporting] = createSignal(false);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { blob, filename } = await auditApi.exportCsv(list.query());
      saveBlob(blob, filename);
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section class="page" data-testid="audit-page">
      <PageHeader
        title={tr("nav.audit_logs")}
        actions={
          <Show when={can("audit:log:export")}>
            <Button onClick={exportCsv} loading={exporting()} data-testid="audit-export">{tr("audit.export")}</Button>
          </Show>
        }
      />
      <AuditFilters value={list.filters()} onApply={list.setFilters} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <DataTable
              testid="audit-table"
              items={page().items}
              rowKey={(l) => l.id}
              expand={(l) => <AuditDetail log={l} />}
              columns={[
                { key: "ts", header: tr("audit.time"), render: (l) => formatTime(l.ts) },
                {
                  key: "actor", header: tr("audit.actor"), primary: true,
                  render: (l) => (
                    <span class="row row--tight">
                      <span data-col="actor">{auditActorName(locale(), l)}</span>
                      <Show when={l.actor_username && l.actor_username !== l.actor_display_name}>
                        <span class="muted" data-col="actor-username">{l.actor_username}</span>
                      </Show>
                    </span>
                  ),
                },
                { key: "action", header: tr("audit.action"), render: (l) => <span data-col="action" title={`${l.module}.${l.action}`}>{auditActionName(locale(), l.module, l.action)}</span> },
                { key: "resource", header: tr("audit.resource"), render: (l) => <span data-col="resource">{resource(l)}</span> },
                { key: "result", header: tr("audit.result"), render: (l) => <span data-col="result" class={`badge ${resultBadge(l.status)}`} title={`HTTP ${l.status}`}>{auditResultName(locale(), l.status)}</span> },
                { key: "via", header: tr("audit.via"), render: (l) => <span data-col="via">{auditViaText(locale(), l.via)}</span> },
                { key: "duration", header: tr("audit.duration"), render: (l) => (l.duration_ms == null ? "—" : `${l.duration_ms} ms`) },
              ]}
            />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
    </section>
  );
}
