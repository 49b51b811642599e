import { Popover } from "@kobalte/core/popover";
import { createSignal, onCleanup, Show, type JSX } from "solid-js";
import { reportsApi, type ExportFormat, type ParamValues, type ReportExport } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { saveBlob } from "../audit/download.ts";

/**
 * 导出: xlsx, csv, png and pdf download at once (as the viewer, with the watermark); 后台导出 starts an
 * export job for large results, shows its progress and says when the file is ready (with a download).
 */
export function ExportMenu(props: { reportId: string; params: () => ParamValues }): JSX.Element {
  const [job, setJob] = createSignal<ReportExport | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [menu, setMenu] = createSignal(false);
  const pickItem = (run: () => Promise<void>) => {
    setMenu(false);
    void run();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const direct = async (format: ExportFormat) => {
    setBusy(true);
    try {
      const { blob, filename } = await reportsApi.download(props.reportId, format, props.params());
      saveBlob(blob, filename);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const poll = async (id: string) => {
    try {
      const j = await reportsApi.exportJob(id);
      setJob(j);
      if (j.status === "done") notify.success(tr("reports.export_ready"));
      else if (j.status === "failed") notify.error(j.error ?? tr("reports.export_failed"));
      else timer = setTimeout(() => void poll(id), 1000);
    } catch (e) {
      notifyError(e);
    }
  };
  const background = async () => {
    try {
      const j = await reportsApi.startExport(props.reportId, "xlsx", props.params());
      setJob(j);
      notify.info(tr("reports.export_started"));
      void poll(j.id);
    } catch (e) {
      notifyError(e);
    }
  };
  const fetchFile = async () => {
    try {
      const { blob, filename } = await reportsApi.exportFile(job()!.id);
      saveBlob(blob, filename);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <>
      <Popover gutter={4} placement="bottom-end" open={menu()} onOpenChange={setMenu}>
        <Popover.Trigger class="btn btn--secondary btn--sm" disabled={busy()} data-testid="report-export">{tr("reports.export")} ▾</Popover.Trigger>
        <Popover.Portal>
          <Popover.Content class="select__content rpt-menu" aria-label={tr("reports.export")}>
            {(["xlsx", "csv", "png", "pdf"] as const).map((f) => (
              <button type="button" class="select__item rpt-menu__item" onClick={() => pickItem(() => direct(f))} data-testid={`report-export-${f}`}>{tr(`reports.export_${f}`)}</button>
            ))}
            <hr class="rpt-menu__sep" />
            <button type="button" class="select__item rpt-menu__item" onClick={() => pickItem(background)} data-testid="report-export-job">{tr("reports.export_background")}</button>
          </Popover.Content>
        </Popover.Portal>
      </Popover>
      <Show when={job()}>
        {(j) => (
          <div class="rpt-export-job" data-testid="report-export-progress" data-status={j().status}>
            <Show when={j().status === "done"} fallback={<progress max={100} value={j().progress} aria-label={tr("reports.export_progress")} />}>
              <button type="button" class="link-btn" onClick={() => void fetchFile()} data-testid="report-export-download">{tr("reports.export_download")}</button>
            </Show>
            <span class="muted">{tr(`reports.export_status_${j().status}`)} {j().status === "running" ? `${j().progress}%` : ""}</span>
          </div>
        )}
      </Show>
    </>
  );
}
