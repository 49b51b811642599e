import "./texts.ts";
import { A } from "@solidjs/router";
import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { reportsApi, type Report } from "../../data/reports.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notifyError } from "../../providers/toast.tsx";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { ReportsNav } from "./reports-nav.tsx";
import { usePhone } from "./use-phone.ts";
import "./reports.css";

/**
 * `/reports`: the reports the reader may view, favourites first, searched on the server (`q`); a star
 * toggles a favourite in place. Cards on a phone, a table on a desktop.
 */
export default function ReportsPage(): JSX.Element {
  const [q, setQ] = createSignal("");
  const [applied, setApplied] = createSignal("");
  const [list, { refetch, mutate }] = createResource(applied, (needle) => reportsApi.list({ q: needle || undefined }), { initialValue: undefined });
  const phone = usePhone();
  const sorted = createMemo(() => {
    const items = list.error ? [] : list.latest?.items ?? [];
    return [...items].sort((a, b) => Number(b.favourite) - Number(a.favourite));
  });
  const toggle = async (r: Report) => {
    const on = !r.favourite;
    const set = (v: boolean) => mutate((p) => p && { ...p, items: p.items.map((x) => (x.id === r.id ? { ...x, favourite: v } : x)) });
    set(on);
    try {
      await reportsApi.favourite(r.id, on);
    } catch (e) {
      set(!on);
      notifyError(e);
    }
  };
  const star = (r: Report) => (
    <button type="button" class="rpt-star" classList={{ "rpt-star--on": r.favourite }} aria-pressed={r.favourite} aria-label={tr(r.favourite ? "reports.unfavourite" : "reports.favourite")}
      onClick={() => void toggle(r)} data-testid="report-star" data-report={r.name}>
      {r.favourite ? "★" : "☆"}
    </button>
  );
  const href = (r: Report) => `/reports/${encodeURIComponent(r.name || r.id)}`;
  return (
    <section class="page rpt-page" data-testid="reports-page">
      <PageHeader
        title={tr("reports.title")}
        subtitle={tr("reports.subtitle")}
        actions={
          <Show when={can("reports:manage")}>
            <A class="btn btn--primary btn--md" href="/reports/new" data-testid="report-create"><Icon name="plus" size={16} /> {tr("reports.new")}</A>
          </Show>
        }
      />
      <ReportsNav />
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); setApplied(q().trim()); }}>
        <TextField label={tr("reports.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("reports.search_placeholder")} />
        <button type="submit" class="btn btn--secondary btn--md" data-testid="reports-search">{tr("common.search")}</button>
      </form>
      <ResourceView resource={list} retry={refetch}>
        {() => (
          <Show when={sorted().length > 0} fallback={<p class="state" data-testid="reports-empty">{tr("reports.empty")}</p>}>
            <Show
              when={phone()}
              fallback={
                <div class="table-wrap">
                  <table class="table" data-testid="reports-table">
                    <thead>
                      <tr><th aria-label={tr("reports.favourite")} /><th>{tr("reports.report")}</th><th>{tr("reports.chart_type")}</th><th>{tr("reports.updated")}</th></tr>
                    </thead>
                    <tbody>
                      <For each={sorted()}>
                        {(r) => (
                          <tr class="table__row" data-testid="report-item" data-report={r.name}>
                            <td class="table__actions">{star(r)}</td>
                            <td class="table__primary"><A href={href(r)} class="cell-stack" data-testid="report-open"><strong>{r.title}</strong><span class="muted">{r.description || r.name}</span></A></td>
                            <td data-label={tr("reports.chart_type")}>{tr(`reports.chart_${r.chart.type}`)}</td>
                            <td data-label={tr("reports.updated")}>{formatTime(r.updated_at)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              }
            >
              <ul class="rpt-cards" data-testid="reports-cards">
                <For each={sorted()}>
                  {(r) => (
                    <li class="card rpt-card-item" data-testid="report-item" data-report={r.name}>
                      <A href={href(r)} class="rpt-card-item__body" data-testid="report-open">
                        <strong>{r.title}</strong>
                        <span class="muted">{tr(`reports.chart_${r.chart.type}`)} · {r.description || r.name}</span>
                      </A>
                      {star(r)}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Show>
        )}
      </ResourceView>
    </section>
  );
}
