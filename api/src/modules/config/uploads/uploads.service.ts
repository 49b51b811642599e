import { AppError, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import { requireRead, requireWrite } from "../config.access.ts";
import { DEFAULT_UPLOAD_MAX, type ConfigDeps } from "../config.deps.ts";
import { uploadNotFound } from "../config.errors.ts";
import { loadTable } from "../data/index.ts";

/** The image types accepted, by their first bytes (the name and the declared type are not trusted). */
export function imageType(b: Uint8Array): string | null {
  const starts = (...xs: number[]) => xs.every((x, i) => b[i] === x);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
  return null;
}

const blobKey = (tableId: string, key: string) => `config/${tableId}/${key}`;
const refuse = (message: string, params?: Record<string, unknown>, status = 400) =>
  new AppError(message, { status, params, errors: [{ field: "file", message, params }] });

/** Images of image fields: uploaded per table (a value must name an upload of its own table), served to its readers. */
export function createUploads(deps: Pick<ConfigDeps, "db" | "clock" | "blobs" | "uploadMaxBytes">) {
  const { db, clock } = deps;
  const max = deps.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX;

  async function upload(actor: UserActor, name: string, file: { bytes: Uint8Array } | null): Promise<{ key: string; url: string; mime: string; size: number }> {
    const table = await requireWrite(db, actor, await loadTable(db, name), name);
    if (!deps.blobs) throw refuse("config.uploads_off");
    if (!file) throw refuse("config.upload_required");
    if (file.bytes.byteLength > max) throw refuse("config.upload_too_large", { max_kb: Math.floor(max / 1024) }, 413);
    const mime = imageType(file.bytes);
    if (!mime) throw refuse("config.upload_type", undefined, 422);
    const key = newId();
    await deps.blobs.put(blobKey(table.id, key), file.bytes);
    await insertRow(db, "config_uploads", { key, table_id: table.id, mime, size: file.bytes.byteLength, created_by: actor.userId, created_at: iso(clock.now()) });
    noteAudit({ resourceType: "config_upload", resourceId: `${name}/${key}`, after: { mime, size: file.bytes.byteLength } });
    return { key, url: `/api/v1/config/tables/${name}/uploads/${key}`, mime, size: file.bytes.byteLength };
  }

  async function serve(actor: UserActor, name: string, key: string) {
    const table = await requireRead(db, actor, await loadTable(db, name), name);
    const row = await db.get<{ mime: string; size: number | string }>("SELECT mime, size FROM config_uploads WHERE table_id = ? AND key = ?", [table.id, key]);
    const stream = row && deps.blobs ? await deps.blobs.stream(blobKey(table.id, key)) : null;
    if (!row || !stream) throw uploadNotFound();
    return { stream, mime: row.mime, size: Number(row.size) };
  }

  return { upload, serve };
}

export type Uploads = ReturnType<typeof createUploads>;
