import { PassThrough, Readable } from "node:stream";
import type { Actor } from "@ops/shared";
import type { ReportReader } from "../ports.ts";
import { writeTable, type TableFormat } from "./writers.ts";

export type StreamedExport = {
  body: ReadableStream<Uint8Array>;
  /** settles when the last byte was written (or the stream failed / the client went away) */
  done: Promise<{ rows: number }>;
};

/**
 * A report's rows as an xlsx/CSV response body, read as the viewer while the client downloads. The call waits for the
 * first batch (or the end), so a refused parameter or a failed query is still an ordinary error answer; later failures
 * end the download early. A client that goes away cancels the query.
 */
export async function streamTable(
  reader: ReportReader, actor: Actor, reportId: string, format: TableFormat, params: Record<string, string | string[]>,
  o: { watermark: string; sheetName: string },
): Promise<StreamedExport> {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const abort = new AbortController();
  out.once("close", () => abort.abort());
  // a failure before the body was handed out reaches the caller through `first`; after, the web stream errors
  out.on("error", () => undefined);
  const first = Promise.withResolvers<void>();
  const done = writeTable(format, out, (onBatch) => reader.stream(actor, reportId, params, async (rows, columns) => {
    if (abort.signal.aborted) throw new Error("export cancelled: the client went away");
    first.resolve();
    await onBatch(rows, columns);
  }, { signal: abort.signal }), o);
  done.then(() => first.resolve(), (e: unknown) => {
    first.reject(e);
    out.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  await first.promise;
  return { body: Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>, done };
}
