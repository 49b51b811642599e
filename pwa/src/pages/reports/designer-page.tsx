import "./texts.ts";
import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import { datasetsApi, reportsApi, type DatasetPreview, type Report, type ReportData } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { ChartStep, ControlsStep, DatasetStep, FormatStep, type StepProps } from "./designer-steps.tsx";
import { draftOf, emptyDraft, inputOf, STEPS, type DesignerDraft, type Step } from "./designer-model.ts";
import { PreviewTable } from "./preview-table.tsx";
import { ReportView } from "./report-view.tsx";
import { usePhone } from "./use-phone.ts";
import "./reports.css";

/**
 * `/reports/new` and `/reports/:id/edit` (reports:manage): dataset → chart → controls → formatting →
 * preview. On a phone the steps are a wizard (one at a time, 上一步/下一步); on a desktop the steps sit
 * in a side panel beside a live preview of the dataset's rows. The preview step saves the report and
 * draws its real data (`/reports/{id}/data`), so what the author sees is what viewers get.
 */
export default function DesignerPage(): JSX.Element {
  const route = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const phone = usePhone();
  const errors = createFormErrors();
  const [draft, setDraft] = createSignal<DesignerDraft>(emptyDraft());
  const [step, setStep] = createSignal<Step>("dataset");
  const [saved, setSaved] = createSignal<Report | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [datasets] = createResource(() => datasetsApi.list());
  const [reports] = createResource(() => reportsApi.list().then((p) => p.items));
  const [loaded] = createResource(() => route.id, async (id) => {
    const r = await reportsApi.get(id);
    setDraft(draftOf(r));
    setSaved(r);
    return r;
  });
  const [sample] = createResource(() => draft().dataset_id || null, (id): Promise<DatasetPreview | null> => datasetsApi.preview(id, {}).catch(() => null));
  const [data, setData] = createSignal<ReportData | null>(null);

  const save = async (): Promise<Report | null> => {
    setBusy(true);
    try {
      const input = inputOf(draft());
      const r = saved() ? await reportsApi.update(saved()!.id, input) : await reportsApi.create(input);
      setSaved(r);
      errors.clear();
      return r;
    } catch (e) {
      errors.fail(e);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const preview = async () => {
    setStep("preview");
    const r = await save();
    if (!r) return;
    setData(null);
    try {
      setData(await reportsApi.data(r.id, {}, r.chart.type === "table" ? { page: 1, page_size: r.chart.page_size ?? 20 } : {}));
    } catch (e) {
      errors.fail(e);
    }
  };
  const finish = async () => {
    const r = await save();
    if (r) {
      notify.success(tr("reports.d.saved"));
      navigate(`/reports/${encodeURIComponent(r.name || r.id)}`);
    }
  };
  // getters, so each step reads the live draft and lists without being rebuilt
  const props: StepProps = {
    get draft() { return draft(); },
    set: setDraft,
    get datasets() { return datasets.latest ?? []; },
    get reports() { return (reports.latest ?? []).filter((r) => r.id !== saved()?.id); },
    errors,
    get editing() { return !!route.id; },
  };
  const index = () => STEPS.indexOf(step());
  const go = (s: Step) => (s === "preview" ? void preview() : setStep(s));

  const body = () => (
    <Switch>
      <Match when={step() === "dataset"}><DatasetStep {...props} /></Match>
      <Match when={step() === "chart"}><ChartStep {...props} /></Match>
      <Match when={step() === "controls"}><ControlsStep {...props} /></Match>
      <Match when={step() === "format"}><FormatStep {...props} /></Match>
      <Match when={step() === "preview"}>
        <div data-testid="designer-preview">
          <Show when={data()} fallback={<Show when={busy()} fallback={<p class="muted">{tr("reports.d.preview_hint")}</p>}><Loading /></Show>}>
            {(d) => <div class="card rpt-card"><ReportView report={saved()!} data={d()} prefs={{}} onPrefs={() => {}} page={1} onPage={() => {}} sort="" onSort={() => {}} /></div>}
          </Show>
        </div>
      </Match>
    </Switch>
  );
  return (
    <section class="page rpt-page" data-testid="report-designer">
      <PageHeader title={route.id ? tr("reports.d.edit_title", { name: draft().title || draft().name }) : tr("reports.new")} subtitle={tr("reports.d.subtitle")}
        actions={<Button variant="primary" loading={busy()} onClick={() => void finish()} data-testid="designer-save">{tr("common.save")}</Button>} />
      <Show when={!loaded.error} fallback={<ErrorState error={loaded.error} />}>
        <nav class="rpt-steps" aria-label={tr("reports.d.steps")}>
          <For each={STEPS}>
            {(s, i) => (
              <button type="button" class="rpt-step" classList={{ "rpt-step--active": step() === s }} aria-current={step() === s ? "step" : undefined} onClick={() => go(s)} data-testid={`designer-step-${s}-tab`}>
                {i() + 1}. {tr(`reports.step_${s}`)}
              </button>
            )}
          </For>
        </nav>
        <div class="rpt-designer">
          <div class="card rpt-card">
            {body()}
            <Show when={phone()}>
              <div class="rpt-wizard-nav">
                <Button disabled={index() === 0} onClick={() => go(STEPS[index() - 1]!)}>{tr("reports.d.prev")}</Button>
                <Show when={index() < STEPS.length - 1} fallback={<Button variant="primary" onClick={() => void finish()}>{tr("common.save")}</Button>}>
                  <Button variant="primary" onClick={() => go(STEPS[index() + 1]!)} data-testid="designer-next">{tr("reports.d.next")}</Button>
                </Show>
              </div>
            </Show>
          </div>
          <Show when={!phone() && step() !== "preview"}>
            <aside class="card rpt-card" data-testid="designer-sample">
              <h3>{tr("reports.d.sample")}</h3>
              <Show when={sample()} fallback={<p class="muted">{tr("reports.d.sample_hint")}</p>}>
                {(s) => <PreviewTable preview={s()} />}
              </Show>
              <Button size="sm" variant="secondary" onClick={() => void preview()} data-testid="designer-preview-run">{tr("reports.d.preview")}</Button>
            </aside>
          </Show>
        </div>
      </Show>
    </section>
  );
}
