import { AppError, badRequest, notFound, type FieldError, type UserActor } from "@ops/shared";
import { TICKET_ATTACHMENT_TYPES, TICKET_LIMITS, type TicketDetail } from "@ops/shared/contracts/tickets.ts";
import { iso } from "../../platform/clock.ts";
import { noteAudit } from "../../platform/context.ts";
import { newId } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import { requireVisible, type TicketAccess } from "./tickets.access.ts";
import type { TicketsDeps } from "./tickets.deps.ts";
import { commentForbidden } from "./tickets.errors.ts";
import { recordEvent } from "./tickets.events.ts";
import type { TicketNotices } from "./tickets.notify.ts";
import { loadTicket, toTicket } from "./tickets.store.ts";

/** One uploaded file as the route read it from the multipart body. */
export type Upload = { name: string; type: string; bytes: Uint8Array };
export type CommentInput = { content: string; files: Upload[] };

const ALLOWED = new Set<string>(TICKET_ATTACHMENT_TYPES);

/** A file name safe to show and to put in Content-Disposition: no path, no control characters or quotes. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = Array.from(base).filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== "\u007f" && ch !== '"').join("").trim().slice(0, 200);
  return clean || "attachment";
}

/** Checks the whole comment before anything is stored: 400 naming the field (`files[i]`, `content`), 413 for a file over the per-file cap. */
export function checkComment(input: CommentInput, maxBytes: number = TICKET_LIMITS.attachmentBytes): void {
  const errors: FieldError[] = [];
  if (!input.content.trim() && input.files.length === 0) errors.push({ field: "content", message: "tickets.comment_empty" });
  if (input.content.length > TICKET_LIMITS.commentMax) errors.push({ field: "content", message: "validation.too_long", params: { max: TICKET_LIMITS.commentMax } });
  if (input.files.length > TICKET_LIMITS.attachmentsPerComment) {
    errors.push({ field: "files", message: "tickets.attachment_too_many", params: { max: TICKET_LIMITS.attachmentsPerComment } });
  }
  input.files.forEach((f, i) => {
    const mime = f.type.split(";")[0]!.trim().toLowerCase();
    if (!ALLOWED.has(mime)) errors.push({ field: `files[${i}]`, message: "tickets.attachment_type", params: { mime: mime || "?" } });
    else if (f.bytes.length > maxBytes || f.bytes.length === 0) {
      errors.push({ field: `files[${i}]`, message: "tickets.attachment_too_large", params: { max_kb: Math.floor(maxBytes / 1024) } });
    }
  });
  const tooLarge = input.files.some((f) => f.bytes.length > maxBytes);
  if (errors.length) throw tooLarge ? new AppError("tickets.attachment_too_large", { status: 413, params: { max_kb: Math.floor(maxBytes / 1024) }, errors }) : badRequest("common.validation", errors);
}

/**
 * Comments with attachments. The bytes go to the blob store first (keys under the ticket), the
 * rows in one transaction after; if that fails the blobs are deleted again, so nothing is kept
 * of a refused comment.
 */
export function createTicketComments(
  deps: TicketsDeps,
  ctx: { detail: (actor: UserActor, id: string, known?: TicketAccess) => Promise<TicketDetail>; notices: TicketNotices },
) {
  const { db, clock, scope, blobs } = deps;

  async function add(actor: UserActor, id: string, input: CommentInput): Promise<TicketDetail> {
    const row = await loadTicket(db, id);
    const access = await requireVisible(db, scope, actor, row);
    if (!Object.values(access.roles).some(Boolean)) throw commentForbidden();
    checkComment(input, deps.attachmentMaxBytes);
    const ts = iso(clock.now());
    const files = input.files.map((f) => ({ ...f, id: newId(), name: cleanName(f.name), mime: f.type.split(";")[0]!.trim().toLowerCase() }));
    const keyOf = (attId: string) => `tickets/${id}/${attId}`;
    const stored: string[] = [];
    try {
      for (const f of files) {
        await blobs.put(keyOf(f.id), f.bytes);
        stored.push(keyOf(f.id));
      }
      const content = input.content.trim();
      await db.tx(async () => {
        await db.run("UPDATE tickets SET updated_at = ? WHERE id = ?", [ts, id]);
        const eventId = await recordEvent(db, id, actor, ts, { kind: "comment", comment: content || null });
        for (const f of files) {
          await insertRow(db, "ticket_attachments", {
            id: f.id, ticket_id: id, event_id: eventId, name: f.name, mime: f.mime, size: f.bytes.length, blob_key: keyOf(f.id),
            created_by: actor.userId, created_at: ts,
          });
        }
        const tk = toTicket((await loadTicket(db, id))!);
        db.afterCommit(() => ctx.notices.commented(tk, actor, content || files.map((f) => f.name).join("、")));
      });
    } catch (e) {
      await Promise.all(stored.map((k) => blobs.delete(k).catch(() => undefined)));
      throw e;
    }
    noteAudit({ resourceType: "ticket", resourceId: id, after: { comment: input.content.trim(), attachments: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.bytes.length })) } });
    return ctx.detail(actor, id, access);
  }

  /** An attachment's bytes as a stream, for whoever may see the ticket. */
  async function attachment(actor: UserActor, id: string, attachmentId: string) {
    await requireVisible(db, scope, actor, await loadTicket(db, id));
    const att = await db.get<{ name: string; mime: string; size: number | string; blob_key: string }>(
      "SELECT name, mime, size, blob_key FROM ticket_attachments WHERE id = ? AND ticket_id = ?", [attachmentId, id],
    );
    if (!att) throw notFound("tickets.attachment_not_found");
    const stream = await blobs.stream(att.blob_key);
    if (!stream) throw notFound("tickets.attachment_not_found");
    return { name: att.name, mime: att.mime, size: Number(att.size), stream };
  }

  return { add, attachment };
}
