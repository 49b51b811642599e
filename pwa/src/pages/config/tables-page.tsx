import { A } from "@solidjs/router";
import { createMemo, createResource, createSignal, Show, type JSX } from "solid-js";
import { configApi, type ConfigTableRow } from "../../data/config.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { departments } from "../../ui/approval-form/lookups.ts";
import { DataTable } from "../../ui/data-table.tsx";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import "./config.css";

/** "12 条 · v7": the API's count when the list carries one, else the total of a one-row page. */
function CountVersion(props: { table: ConfigTableRow }): JSX.Element {
  const [count] = createResource(
    () => props.table,
    async (t) => t.record_count ?? (await configApi.records(t.name, { page_size: 1 }).then((p) => p.total, () => null)),
  );
  return <span data-col="version">{tr("config.count_version", { count: count() ?? "—", version: props.table.version })}</span>;
}

/**
 * `/config`: the config tables the reader may see (name, approval, owner department, records and
 * version, last change), searched in place (tables are few); 新建配置表 for designers.
 */
export default function ConfigTablesPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => configApi.tables());
  const [depts] = createResource(departments);
  const [q, setQ] = createSignal("");
  const deptName = (id: string | null) => (id ? depts()?.find((d) => d.id === id)?.name ?? id : "—");
  const shown = createMemo(() => {
    const needle = q().trim().toLowerCase();
    // reading an errored resource throws: the error state shows instead
    const all = list.error ? [] : list.latest ?? [];
    return needle ? all.filter((t) => `${t.name} ${t.display_name} ${t.description}`.toLowerCase().includes(needle)) : all;
  });
  return (
    <section class="page" data-testid="config-tables-page">
      <PageHeader
        title={tr("config.title")}
        subtitle={tr("config.subtitle")}
        actions={
          <>
            <A class="btn btn--secondary btn--md" href="/config/change-sets" data-testid="config-change-sets">{tr("config.change_sets")}</A>
            <Show when={can("config:design")}>
              <A class="btn btn--primary btn--md" href="/config/tables/new" data-testid="config-table-create">
                <Icon name="plus" size={16} /> {tr("config.table_new")}
              </A>
            </Show>
          </>
        }
      />
      <div class="filters cfg-filters" role="search">
        <TextField label={tr("config.search_tables")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("config.search_tables_placeholder")} />
      </div>
      <ResourceView resource={list} retry={refetch}>
        {() => (
          <DataTable<ConfigTableRow>
            testid="config-tables-table"
            items={shown()}
            rowKey={(t) => t.name}
            empty={tr("config.tables_empty")}
            columns={[
              {
                key: "name", header: tr("config.table"), primary: true, render: (t) => (
                  <A class="cell-stack" href={`/config/${encodeURIComponent(t.name)}`} data-testid="config-table-open" data-table={t.name}>
                    <strong>
                      {t.display_name}
                      <Show when={t.system}>{" "}<span class="badge badge--kind badge--muted" title={tr("config.system_hint")} data-testid="config-system-badge">{tr("config.system")}</span></Show>
                    </strong>
                    <span class="muted">{t.name}</span>
                  </A>
                ),
              },
              {
                key: "approval", header: tr("config.approval"), render: (t) => (
                  <span class={`badge ${t.needs_approval ? "badge--warn" : "badge--muted"}`} data-testid="config-approval-badge">
                    {t.needs_approval ? tr("config.needs_approval") : tr("config.direct")}
                  </span>
                ),
              },
              { key: "owner", header: tr("config.owner_department"), render: (t) => deptName(t.owner_department_id) },
              { key: "version", header: tr("config.records_version"), render: (t) => <CountVersion table={t} /> },
              { key: "updated", header: tr("config.last_change"), render: (t) => formatTime(t.updated_at) },
              {
                key: "actions", header: "", render: (t) => (
                  <span class="row-actions">
                    <A class="btn btn--secondary btn--sm" href={`/config/${encodeURIComponent(t.name)}`}>{tr("config.records")}</A>
                    <Show when={can("config:design") && !t.system}>
                      <A class="btn btn--ghost btn--sm" href={`/config/${encodeURIComponent(t.name)}/design`} data-testid="config-table-design">{tr("config.design")}</A>
                    </Show>
                  </span>
                ),
              },
            ]}
          />
        )}
      </ResourceView>
    </section>
  );
}
