import { createWriteStream } from "node:fs";
import { unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { AsyncLocalStorage } from "node:async_hooks";
import { AppError, forbidden, notFound, t, type Actor, type Locale } from "@ops/shared";
import type { ExportFormat, Report, ReportExport } from "@ops/shared/contracts/reports.ts";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow, paginate, Where, type ListQuery } from "../../../platform/db/query.ts";
import { reportPng, pngToPdf } from "../render/index.ts";
import { EXPORTS_QUEUE, EXPORT_KEEP_DAYS, periodOf, watermarkOf, type DeliveryDeps } from "./delivery.deps.ts";
import { CONTENT_TYPES, writeTable } from "./writers.ts";

type ExportRow = {
  id: string; report_id: string; format: ExportFormat; params: string; status: ReportExport["status"]; progress: number | string;
  estimated_rows: number | string | null; rows_done: number | string | null; bytes: number | string | null; blob_key: string | null;
  error: string | null; created_by: string; created_at: string; finished_at: string | null;
};

export type ExportJob = { exportId: string };

const n = (v: number | string | null) => (v === null ? null : Number(v));

function toExport(r: ExportRow): ReportExport {
  return {
    id: r.id, report_id: r.report_id, format: r.format, status: r.status, progress: Number(r.progress), rows: n(r.rows_done), bytes: n(r.bytes),
    error: r.error, download_url: r.status === "done" ? `/api/v1/report-exports/${r.id}/download` : null,
    created_by: r.created_by, created_at: r.created_at, finished_at: r.finished_at,
  };
}

/** `<title>-<yyyymmddHHMM>.<ext>`, ASCII-safe in the header's fallback name. */
export function fileNameOf(report: Pick<Report, "name" | "title">, at: Date, format: ExportFormat): string {
  const stamp = iso(at).slice(0, 16).replace(/[-:T]/g, "");
  return `${report.title || report.name}-${stamp}.${format}`;
}

/**
 * Exports: a report's picture (PNG/PDF, rendered as the viewer), and large exports as queue jobs on the worker role
 * (progress by rows over an estimate, the file in the blob store for 7 days, a notification with the link).
 */
export function createExports(deps: DeliveryDeps) {
  const { db, clock, reader } = deps;
  const userOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

  /** The report's chart (or first rows) as PNG or a PDF around it, with title, parameters and watermark. */
  async function picture(actor: Actor, idOrName: string, format: "png" | "pdf", params: Record<string, string | string[]>) {
    const report = await reader.get(actor, idOrName);
    const data = await reader.data(actor, report.id, params, { page: 1, pageSize: 50 });
    const at = clock.now();
    const watermark = watermarkOf(actor, at);
    const png = await reportPng(report, data, { title: report.title || report.name, subtitle: periodOf(report, data.params ?? params, actor.locale), watermark });
    const bytes = format === "png" ? png : await pngToPdf(png, { title: report.title || report.name, watermark, createdAt: at });
    return { report, bytes, rows: data.rows.length, filename: fileNameOf(report, at, format), contentType: CONTENT_TYPES[format] };
  }

  async function load(id: string): Promise<ExportRow> {
    const row = await db.get<ExportRow>("SELECT * FROM report_exports WHERE id = ?", [id]);
    if (!row) throw notFound("reports.delivery.export_not_found", { id });
    return row;
  }

  /** Only its creator sees an export (its rows are what they may see). */
  async function mine(actor: Actor, id: string): Promise<ExportRow> {
    const row = await load(id);
    if (row.created_by !== userOf(actor)) throw forbidden("reports.delivery.export_not_yours");
    return row;
  }

  async function notifyDone(row: ExportRow, report: Pick<Report, "title" | "name"> | null) {
    if (!deps.sender) return;
    const locale = ((await db.get<{ locale: string | null }>("SELECT locale FROM users WHERE id = ?", [row.created_by]))?.locale ?? "zh-CN") as Locale;
    const ok = row.status === "done";
    const path = `/api/v1/report-exports/${row.id}/download`;
    const title = report ? report.title || report.name : row.report_id;
    try {
      await deps.sender.send({
        type: ok ? "reports.export_ready" : "reports.export_failed",
        recipients: [row.created_by],
        data: {
          export_id: row.id, report_id: row.report_id, format: row.format, rows: n(row.rows_done),
          url: ok ? path : `/reports/${row.report_id}`, ...(ok && deps.publicUrl ? { link: `${deps.publicUrl.replace(/\/$/, "")}${path}` } : {}),
          title: t(locale, ok ? "reports.delivery.export_ready_title" : "reports.delivery.export_failed_title", { title, format: row.format.toUpperCase() }),
          body: ok
            ? t(locale, "reports.delivery.export_ready_body", { rows: n(row.rows_done) ?? 0, days: EXPORT_KEEP_DAYS })
            : t(locale, "reports.delivery.export_failed_body", { error: row.error ?? "" }),
        },
      });
    } catch (e) {
      deps.logger.warn("export notice failed", { export_id: row.id, err: e });
    }
  }

  async function setProgress(id: string, fields: Record<string, unknown>) {
    const keys = Object.keys(fields);
    await db.run(`UPDATE report_exports SET ${keys.map((k) => `${k} = ?`).join(", ")} WHERE id = ?`, [...keys.map((k) => fields[k]), id]);
  }

  /** The rows of an export job into a temporary file, then streamed into the blob store under `key` (never whole in memory). */
  async function writeFile(row: ExportRow, actor: Actor, report: Report, params: Record<string, string | string[]>, signal: AbortSignal, key: string) {
    const estimate = await reader.data(actor, report.id, params, { page: 1, pageSize: 1, noCache: true }).then((d) => d.total ?? null, () => null);
    await setProgress(row.id, { estimated_rows: estimate });
    const format = row.format as "xlsx" | "csv";
    const path = join(tmpdir(), `ops-export-${row.id}.${format}`);
    const file = createWriteStream(path);
    const closed = once(file, "close");
    let shown = 0;
    // The rows arrive inside the source's read-only transaction (the built-in store): progress is written outside it.
    const outside = AsyncLocalStorage.snapshot();
    try {
      const result = await writeTable(format, file, (onBatch) => reader.stream(actor, report.id, params, onBatch, { signal }), {
        watermark: watermarkOf(actor, clock.now()), sheetName: report.title,
        onRows: async (rows) => {
          const pct = estimate ? Math.min(99, Math.floor((rows * 100) / Math.max(estimate, 1))) : 0;
          if (pct >= shown + 5) {
            shown = pct;
            await outside(() => setProgress(row.id, { progress: pct, rows_done: rows }));
          }
        },
      });
      await closed;
      const bytes = await deps.blobs.putStream(key, Bun.file(path).stream());
      return { bytes, rows: result.rows };
    } finally {
      file.destroy();
      await unlink(path).catch(() => undefined);
    }
  }

  /** The worker's handler: one export from queued to done (or failed, with the error kept and the creator told). */
  async function run(job: ExportJob, signal: AbortSignal): Promise<void> {
    const row = await load(job.exportId);
    if (row.status === "done" || row.status === "failed") return;
    await setProgress(row.id, { status: "running", progress: 0 });
    let report: Report | null = null;
    try {
      const actor = await deps.userActor(row.created_by);
      if (!actor) throw forbidden("reports.delivery.export_not_yours");
      const params = JSON.parse(row.params) as Record<string, string | string[]>;
      report = await reader.get(actor, row.report_id);
      const key = `reports/exports/${row.id}.${row.format}`;
      const out = row.format === "png" || row.format === "pdf"
        ? await picture(actor, report.id, row.format, params).then(async (p) => {
          await deps.blobs.put(key, p.bytes);
          return { bytes: p.bytes.length, rows: p.rows };
        })
        : await writeFile(row, actor, report, params, signal, key);
      await setProgress(row.id, { status: "done", progress: 100, rows_done: out.rows, bytes: out.bytes, blob_key: key, finished_at: iso(clock.now()) });
    } catch (e) {
      const error = e instanceof AppError ? t("en", e.code, e.params) : e instanceof Error ? e.message : String(e);
      await setProgress(row.id, { status: "failed", error: error.slice(0, 1000), finished_at: iso(clock.now()) });
      deps.logger.warn("report export failed", { export_id: row.id, err: e });
    }
    await notifyDone(await load(row.id), report);
  }

  return {
    picture,
    /** POST /reports/{id}/exports: 202 with the queued export; the worker role runs it. */
    async create(actor: Actor, idOrName: string, input: { format: ExportFormat; params: Record<string, string | string[]> }): Promise<ReportExport> {
      const report = await reader.get(actor, idOrName);
      const by = userOf(actor);
      if (!by) throw forbidden();
      const row: ExportRow = {
        id: newId(), report_id: report.id, format: input.format, params: JSON.stringify(input.params), status: "queued", progress: 0,
        estimated_rows: null, rows_done: null, bytes: null, blob_key: null, error: null, created_by: by, created_at: iso(clock.now()), finished_at: null,
      };
      await insertRow(db, "report_exports", row);
      await deps.queue.enqueue<ExportJob>(EXPORTS_QUEUE, "reports.export", { exportId: row.id }, { idempotencyKey: `export:${row.id}`, attempts: 2 });
      return toExport(row);
    },
    async list(actor: Actor, q: ListQuery & { report_id?: string }) {
      // digests' chart images are rows here too (for the sweep), not exports anyone asked for
      const where = new Where().add("created_by = ?", userOf(actor) ?? "").add("(blob_key IS NULL OR blob_key NOT LIKE 'reports/images/%')").eq("report_id", q.report_id);
      return paginate<ExportRow, ReportExport>(db, {
        select: "*", from: "report_exports", where, query: q, sortable: { created_at: "created_at" }, defaultSort: "created_at DESC, id DESC", map: toExport,
      });
    },
    get: async (actor: Actor, id: string) => toExport(await mine(actor, id)),
    /** The file of a finished export, only to its creator. */
    async download(actor: Actor, id: string) {
      const row = await mine(actor, id);
      if (row.status !== "done" || !row.blob_key) throw new AppError("reports.delivery.export_not_ready", { status: 409, params: { status: row.status } });
      const body = await deps.blobs.stream(row.blob_key);
      if (!body) throw notFound("reports.delivery.export_expired");
      const title = (await db.get<{ title: string; name: string }>("SELECT title, name FROM reports WHERE id = ?", [row.report_id]).catch(() => undefined)) ?? { title: "", name: "report" };
      return { body, filename: fileNameOf(title, new Date(row.created_at), row.format), contentType: CONTENT_TYPES[row.format], bytes: n(row.bytes) };
    },
    run,
    /** Files older than 7 days go (their rows too): the scheduler role's periodic pass. Returns how many. */
    async sweep(): Promise<number> {
      const before = iso(new Date(clock.now().getTime() - EXPORT_KEEP_DAYS * 86_400_000));
      const old = await db.all<{ id: string; blob_key: string | null }>("SELECT id, blob_key FROM report_exports WHERE finished_at IS NOT NULL AND finished_at < ?", [before]);
      for (const r of old) {
        if (r.blob_key) await deps.blobs.delete(r.blob_key);
        await db.run("DELETE FROM report_exports WHERE id = ?", [r.id]);
      }
      return old.length;
    },
    queue: EXPORTS_QUEUE,
  };
}

export type Exports = ReturnType<typeof createExports>;
