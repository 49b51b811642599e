import { AppError, badRequest, notFound, type FieldError, type UserActor } from "@ops/shared";
import { APPROVAL_ATTACHMENT_TYPES, APPROVAL_LIMITS as L, type ApprovalAttachment, type ApprovalInstance } from "@ops/shared/contracts/approvals.ts";
import { newId } from "../../../platform/crypto.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { act, event, loadInstance } from "../engine/index.ts";

/** One uploaded file as the route read it from the multipart body. */
export type Upload = { name: string; type: string; bytes: Uint8Array };
export type CommentInput = { text: string; files: Upload[] };

const ALLOWED = new Set<string>(APPROVAL_ATTACHMENT_TYPES);

/** A file name safe to show and to put in Content-Disposition: no path, no control characters or quotes. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = Array.from(base).filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== "\u007f" && ch !== '"').join("").trim().slice(0, 200);
  return clean || "attachment";
}

/**
 * Checks the whole comment before anything is stored: 400 naming the field (`text`, `files`,
 * `files[i]`), 413 when a file is over the per-file cap (OPS_ATTACHMENT_MAX_BYTES).
 */
function checkComment(input: CommentInput, blobs: boolean, maxBytes: number): void {
  const errors: FieldError[] = [];
  if (!input.text.trim() && input.files.length === 0) errors.push({ field: "text", message: "approvals.comment_empty" });
  if (input.text.length > L.commentMax) errors.push({ field: "text", message: "validation.too_long", params: { max: L.commentMax } });
  if (input.files.length && !blobs) errors.push({ field: "files", message: "approvals.attachments_off" });
  if (input.files.length > L.attachmentsPerComment) errors.push({ field: "files", message: "approvals.attachment_too_many", params: { max: L.attachmentsPerComment } });
  input.files.forEach((f, i) => {
    const mime = f.type.split(";")[0]!.trim().toLowerCase();
    if (!ALLOWED.has(mime)) errors.push({ field: `files[${i}]`, message: "approvals.attachment_type", params: { mime: mime || "?" } });
    else if (f.bytes.length > maxBytes || f.bytes.length === 0) errors.push({ field: `files[${i}]`, message: "approvals.attachment_too_large", params: { max_kb: Math.floor(maxBytes / 1024) } });
  });
  const tooLarge = input.files.some((f) => f.bytes.length > maxBytes);
  if (errors.length) throw tooLarge ? new AppError("approvals.attachment_too_large", { status: 413, params: { max_kb: Math.floor(maxBytes / 1024) }, errors }) : badRequest("common.validation", errors);
}

const blobKey = (instanceId: string, attachmentId: string) => `approvals/${instanceId}/${attachmentId}`;

/**
 * Comments on the timeline, with attachments. The bytes go to the blob store first, the timeline
 * row in the instance's transaction after; if that fails the blobs are deleted again, so nothing
 * is kept of a refused comment. The attachments' names and types live in the comment's event.
 */
export function createComments(deps: ApprovalsDeps, visible: (actor: UserActor, id: string) => Promise<ApprovalInstance>) {
  async function add(actor: UserActor, id: string, input: CommentInput): Promise<ApprovalInstance> {
    await visible(actor, id);
    checkComment(input, deps.blobs !== undefined, deps.attachmentMaxBytes ?? L.attachmentBytes);
    const attachments: ApprovalAttachment[] = [];
    try {
      for (const f of input.files) {
        const a = { id: newId(), name: cleanName(f.name), type: f.type.split(";")[0]!.trim().toLowerCase(), size: f.bytes.length };
        await deps.blobs!.put(blobKey(id, a.id), f.bytes);
        attachments.push(a);
      }
      await act(deps, actor, id, (run) => event(run, { action: "comment", comment: input.text.trim() || null, data: attachments.length ? { attachments } : {} }));
    } catch (e) {
      for (const a of attachments) await deps.blobs?.delete(blobKey(id, a.id)).catch(() => undefined);
      throw e;
    }
    return (await loadInstance(deps.db, id))!;
  }

  /** A comment's file, for those who may read the approval. */
  async function attachment(actor: UserActor, id: string, attachmentId: string) {
    const inst = await visible(actor, id);
    const att = inst.timeline.flatMap((e) => (e.data.attachments as ApprovalAttachment[] | undefined) ?? []).find((a) => a.id === attachmentId);
    const stream = att && deps.blobs ? await deps.blobs.stream(blobKey(id, att.id)) : null;
    if (!att || !stream) throw notFound("approvals.attachment_not_found");
    return { ...att, stream };
  }

  return { add, attachment };
}
