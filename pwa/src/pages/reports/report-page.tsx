import "./texts.ts";
import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, Show, type JSX } from "solid-js";
import { reportsApi, type ParamValues, type Report, type ReportViewPrefs } from "../../data/reports.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ErrorState, Loading, ResourceView } from "../../ui/states.tsx";
import { apiParams, urlOf, valuesFromUrl } from "./control-values.ts";
import { ReportControls } from "./report-controls.tsx";
import { ExportMenu } from "./report-export.tsx";
import { ReportView } from "./report-view.tsx";
import { usePhone } from "./use-phone.ts";
import "./reports.css";

/** The target report's URL for a drill-through from `row`: each target parameter from a column, or a fixed `value:`. */
export function drillHref(report: Report, row: Record<string, unknown>): string | null {
  const d = report.drill;
  if (!d) return null;
  const q = new URLSearchParams();
  for (const [param, source] of Object.entries(d.params)) {
    const v = source.startsWith("value:") ? source.slice(6) : row[source];
    if (v !== null && v !== undefined && v !== "") q.set(param, String(v));
  }
  return `/reports/${encodeURIComponent(d.report_id)}${q.size ? `?${q}` : ""}`;
}

function Star(props: { report: Report; onChange: (on: boolean) => void }): JSX.Element {
  const [on, setOn] = createSignal(props.report.favourite);
  createEffect(() => setOn(props.report.favourite));
  const toggle = async () => {
    const next = !on();
    setOn(next);
    try {
      await reportsApi.favourite(props.report.id, next);
      props.onChange(next);
    } catch (e) {
      setOn(!next);
      notifyError(e);
    }
  };
  return (
    <button type="button" class="rpt-star" classList={{ "rpt-star--on": on() }} aria-pressed={on()} aria-label={tr(on() ? "reports.unfavourite" : "reports.favourite")}
      title={tr(on() ? "reports.unfavourite" : "reports.favourite")} onClick={() => void toggle()} data-testid="report-favourite">
      {on() ? "★" : "☆"}
    </button>
  );
}

/**
 * `/reports/:id`: one report with its controls (bar or bottom sheet), chart, KPI or table, watermark,
 * favourite star, share link and exports. The URL holds the control values, page and sort, so links,
 * shares and drill-throughs reopen the same view; `?share=<id>` applies a shared link's values.
 */
export default function ReportPage(): JSX.Element {
  const route = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams<Record<string, string>>();
  const navigate = useNavigate();
  const phone = usePhone();
  const [report, { mutate }] = createResource(() => route.id, reportsApi.get);
  const [prefs, { mutate: setPrefsLocal }] = createResource(() => route.id, (id) => reportsApi.prefs(id).catch((): ReportViewPrefs => ({})));

  createEffect(() => {
    const share = search.share;
    if (!share) return;
    reportsApi.resolveShare(share).then(
      (s) => setSearch({ ...Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v])), share: undefined }, { replace: true }),
      notifyError,
    );
  });

  const values = createMemo(() => (report() ? valuesFromUrl(report()!.controls, search) : {}), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const page = () => Math.max(1, Number(search.page) || 1);
  const sort = () => search.sort ?? prefs()?.sort ?? "";
  const query = createMemo(() => {
    const r = report();
    if (!r || search.share) return null;
    const table = r.chart.type === "table";
    const q = table ? { page: page(), page_size: prefs()?.page_size ?? r.chart.page_size ?? 20, sort: sort() || undefined } : {};
    return JSON.stringify({ id: r.id, params: apiParams(r.controls, values()), q });
  });
  const [data, { refetch }] = createResource(query, (k) => {
    const { id, params, q } = JSON.parse(k) as { id: string; params: ParamValues; q: Record<string, string | number> };
    return reportsApi.data(id, params, q);
  });

  const apply = (next: ParamValues) => setSearch({ ...urlOf(report()!.controls, next), page: undefined });
  const savePrefs = (p: ReportViewPrefs) => {
    setPrefsLocal(p);
    reportsApi.savePrefs(report()!.id, p).catch(notifyError);
  };
  const share = async () => {
    try {
      const s = await reportsApi.share(report()!.id, apiParams(report()!.controls, values()));
      const url = s.url.startsWith("http") ? s.url : `${location.origin}${s.url}`;
      await navigator.clipboard.writeText(url).then(() => notify.success(tr("reports.share_copied")), () => notify.info(url));
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <section class="page rpt-page" data-testid="report-page">
      <ResourceView resource={report}>
        {(r) => (
          <>
            <PageHeader
              title={r().title}
              subtitle={r().description || undefined}
              actions={
                <div class="rpt-actions">
                  <Star report={r()} onChange={(on) => mutate({ ...r(), favourite: on })} />
                  <Button size="sm" variant="ghost" onClick={() => void share()} data-testid="report-share">{tr("reports.share")}</Button>
                  <ExportMenu reportId={r().id} params={() => apiParams(r().controls, values())} />
                  <Show when={can("reports:manage")}>
                    <A class="btn btn--ghost btn--sm" href={`/reports/${encodeURIComponent(r().id)}/edit`} data-testid="report-edit">{tr("common.edit")}</A>
                  </Show>
                </div>
              }
            />
            <ReportControls report={r()} values={values()} onApply={apply} phone={phone()} />
            <div class="card rpt-card">
              <Show when={data.error}>
                <ErrorState error={data.error} retry={() => void refetch()} />
              </Show>
              <Show when={!data.error && data.latest} fallback={<Show when={!data.error}><Loading /></Show>}>
                {(d) => (
                  <>
                    <ReportView
                      report={r()}
                      data={d()}
                      prefs={prefs() ?? {}}
                      onPrefs={savePrefs}
                      page={page()}
                      onPage={(p) => setSearch({ page: p > 1 ? String(p) : undefined })}
                      sort={sort()}
                      onSort={(s) => {
                        setSearch({ sort: s, page: undefined });
                        savePrefs({ ...(prefs() ?? {}), sort: s });
                      }}
                      onDrill={r().drill ? (row) => { const href = drillHref(r(), row); if (href) navigate(href); } : undefined}
                    />
                    <p class="rpt-meta muted" data-testid="report-meta">
                      {tr("reports.generated", { at: formatTime(d().generated_at), ms: d().ms })}
                      <Show when={d().cached}> · {tr("reports.cached")}</Show>
                    </p>
                  </>
                )}
              </Show>
            </div>
          </>
        )}
      </ResourceView>
    </section>
  );
}
