import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, Show, type JSX } from "solid-js";
import { configApi, type ConfigRecord, type ConfigTable } from "../../data/config.ts";
import { createUrlPagedResource } from "../../data/url-paged.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { displayValue } from "../../ui/config-fields/index.ts";
import { DataTable, type Column } from "../../ui/data-table.tsx";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ErrorState, Loading, ResourceView } from "../../ui/states.tsx";
import { saveBlob } from "../audit/download.ts";
import { RecordFilters, recordFilterKeys } from "./record-filters.tsx";
import { RecordsImportDialog } from "./records-import-dialog.tsx";
import "./config.css";

/** Columns a list shows: the first six fields on a desktop (the phone's card keeps the first three). */
const SHOWN = 6;
const PHONE = 3;

/** `/config/<table>`: the generated record list (search, filters, sort, pages), export, import, 新增. */
export default function ConfigRecordsPage(): JSX.Element {
  const params = useParams<{ table: string }>();
  const [table] = createResource(() => params.table, configApi.table);
  return (
    <section class="page" data-testid="config-records-page">
      <Show when={table.error}><ErrorState error={table.error} /></Show>
      <Show when={table()} keyed fallback={<Show when={!table.error}><Loading /></Show>}>
        {(t) => <Records table={t} />}
      </Show>
    </section>
  );
}

function Records(props: { table: ConfigTable }): JSX.Element {
  const t = props.table;
  const list = createUrlPagedResource((q) => configApi.records(t.name, q), recordFilterKeys(t.fields));
  const [importing, setImporting] = createSignal(false);
  const [exporting, setExporting] = createSignal<string | null>(null);
  const href = (r: ConfigRecord) => `/config/${encodeURIComponent(t.name)}/records/${encodeURIComponent(r.key)}`;
  const words = () => ({ yes: tr("config.yes"), no: tr("config.no"), secret: tr("config.secret_set"), unset: tr("config.secret_unset") });
  const columns = (): Array<Column<ConfigRecord>> => [
    ...t.fields.slice(0, SHOWN).map((f, i): Column<ConfigRecord> => ({
      key: f.key,
      header: f.label,
      primary: f.key === t.key_field,
      class: i >= PHONE && f.key !== t.key_field ? "cfg-col--wide" : undefined,
      render: (r) => f.key === t.key_field
        ? <A href={href(r)} data-testid="record-open" data-key={r.key}><strong>{r.key}</strong></A>
        : <span class="cfg-cell" data-col={f.key}>{displayValue(f, r.values[f.key], words())}</span>,
    })),
    { key: "updated", header: tr("config.last_change"), class: "cfg-col--wide", render: (r) => <span class="muted">{formatTime(r.updated_at)} · v{r.version}</span> },
    { key: "actions", header: "", render: (r) => <A class="btn btn--secondary btn--sm" href={href(r)}>{can("config:edit") ? tr("common.edit") : tr("common.details")}</A> },
  ];
  const exportAs = async (format: "csv" | "xlsx") => {
    setExporting(format);
    try {
      const { blob, filename } = await configApi.exportFile(t.name, format, list.query());
      saveBlob(blob, filename === "export.csv" ? `${t.name}.${format}` : filename);
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(null);
    }
  };
  return (
    <>
      <PageHeader
        title={t.display_name}
        subtitle={`${t.name}${t.description ? ` · ${t.description}` : ""}`}
        actions={
          <>
            <Show when={t.system}><span class="badge badge--kind badge--muted" title={tr("config.system_hint")} data-testid="config-system-badge">{tr("config.system")}</span></Show>
            <Show when={t.needs_approval}><span class="badge badge--warn">{tr("config.needs_approval")}</span></Show>
            <A class="btn btn--secondary btn--md" href={`/config/${encodeURIComponent(t.name)}/history`} data-testid="records-history">{tr("config.history")}</A>
            <A class="btn btn--secondary btn--md" href={`/config/${encodeURIComponent(t.name)}/releases`} data-testid="records-releases">{tr("config.releases")}</A>
            <Show when={can("config:design") && !t.system}>
              <A class="btn btn--secondary btn--md" href={`/config/${encodeURIComponent(t.name)}/design`} data-testid="records-design">{tr("config.design")}</A>
            </Show>
            <Button onClick={() => void exportAs("csv")} loading={exporting() === "csv"} data-testid="records-export-csv">{tr("config.export_csv")}</Button>
            <Button onClick={() => void exportAs("xlsx")} loading={exporting() === "xlsx"} data-testid="records-export-xlsx">{tr("config.export_xlsx")}</Button>
            <Show when={can("config:edit")}>
              <Button onClick={() => setImporting(true)} data-testid="records-import-open">{tr("config.import")}</Button>
              <A class="btn btn--primary btn--md" href={`/config/${encodeURIComponent(t.name)}/records/new`} data-testid="record-create">
                <Icon name="plus" size={16} /> {tr("config.record_new")}
              </A>
            </Show>
          </>
        }
      />
      <RecordFilters fields={t.fields} value={list.filters()} onChange={list.setFilters} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <DataTable<ConfigRecord> testid="config-records-table" items={page().items} rowKey={(r) => r.key} empty={tr("config.records_empty")} columns={columns()} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <Show when={importing()}>
        <RecordsImportDialog table={t} onClose={() => setImporting(false)} onImported={() => list.refetch()} />
      </Show>
    </>
  );
}
