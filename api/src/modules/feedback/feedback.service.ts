import { notFound, type Locale, type UserActor } from "@ops/shared";
import {
  FEEDBACK_REOPEN_DAYS, FEEDBACK_TRANSITIONS, allowedFeedbackActions, feedbackNumber,
  type Feedback, type FeedbackDetail, type FeedbackStatus,
} from "@ops/shared/contracts/feedback.ts";
import { iso } from "../../platform/clock.ts";
import { noteAudit } from "../../platform/context.ts";
import { newId } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import { requireVisible, type FeedbackAccess } from "./feedback.access.ts";
import type { FeedbackDeps } from "./feedback.deps.ts";
import { TransitionConflict, actionForbidden, assigneeUnknown, commentForbidden, commentRequired, reopenExpired } from "./feedback.errors.ts";
import { listFeedback, listMine, listOpenQueue } from "./feedback.list.ts";
import { createFeedbackNotices } from "./feedback.notify.ts";
import type { CreateInput, ListFeedbackQuery, MineQuery, TransitionInput } from "./feedback.schema.ts";
import { activeUser, loadEvents, loadFeedback, toFeedback } from "./feedback.store.ts";
import { parseScreenshot } from "./screenshot.ts";

const DAY_MS = 24 * 3600_000;

/** Where a request came from, as the timeline shows it: a chat platform, an API token, or the web. */
const viaOf = (actor: UserActor) => actor.via?.platform ?? (actor.tokenId ? "api" : "web");

/**
 * Feedback filed from any page (or chat), tracked by handlers to done. Every write is one
 * transaction with its timeline event and an audit note; notifications go out after commit.
 */
export function createFeedback(deps: FeedbackDeps) {
  const { db, clock, scope } = deps;
  const notices = createFeedbackNotices(deps);
  const now = () => iso(clock.now());

  async function detail(actor: UserActor, id: string, known?: FeedbackAccess): Promise<FeedbackDetail> {
    const row = await loadFeedback(db, id);
    const access = known ?? (await requireVisible(db, scope, actor, row));
    const f = toFeedback(row!);
    const terminal = f.status === "resolved" || f.status === "rejected" || f.status === "closed";
    const reopenUntil = terminal ? new Date(Date.parse(f.status_changed_at) + FEEDBACK_REOPEN_DAYS * DAY_MS) : null;
    // The submitter alone loses reopen when the window has passed; a manager keeps it.
    const actions = allowedFeedbackActions(f.status, access).filter(
      (a) => a !== "reopen" || access.manager || (reopenUntil !== null && clock.now() <= reopenUntil),
    );
    return {
      ...f,
      events: await loadEvents(db, id),
      allowed_actions: actions,
      can_comment: access.submitter || access.manager,
      can_manage: access.manager,
      reopen_until: reopenUntil ? reopenUntil.toISOString() : null,
    };
  }

  async function event(feedbackId: string, actor: UserActor, e: { kind: string; action?: string; from?: string; to?: string; comment?: string | null; assignee?: string | null }) {
    await insertRow(db, "feedback_events", {
      id: newId(), feedback_id: feedbackId, kind: e.kind, action: e.action ?? null, from_status: e.from ?? null, to_status: e.to ?? null,
      comment: e.comment ?? null, assignee_id: e.assignee ?? null, actor_id: actor.userId, via: viaOf(actor), created_at: now(),
    });
  }

  /** The next number: PostgreSQL serialises numbering with a transaction lock; SQLite has one writer. */
  async function nextNumber(): Promise<number> {
    if (db.dialect === "postgres") await db.run("SELECT pg_advisory_xact_lock(727275)");
    const row = await db.get<{ n: number | string | null }>("SELECT MAX(no) AS n FROM feedback");
    return Number(row?.n ?? 0) + 1;
  }

  /** The context is what the user chose to send ("include page info"); nothing is added from the request. */
  async function create(actor: UserActor, input: CreateInput): Promise<Feedback> {
    const shot = input.screenshot ? parseScreenshot(input.screenshot) : null;
    const id = newId();
    const ts = now();
    const context = input.context;
    const created = await db.tx(async () => {
      const no = await nextNumber();
      await insertRow(db, "feedback", {
        id, no, category: input.category, status: "new", content: input.content, page: input.page ?? null, context: JSON.stringify(context),
        submitter_id: actor.userId, dept_id: actor.deptId, assignee_id: null, via: viaOf(actor), has_screenshot: shot ? 1 : 0,
        last_reply: null, created_at: ts, updated_at: ts, status_changed_at: ts,
      });
      await event(id, actor, { kind: "created", to: "new" });
      if (shot) await insertRow(db, "feedback_screenshots", { feedback_id: id, mime: shot.mime, size: shot.bytes.length, data: shot.base64, created_at: ts });
      const f = toFeedback((await loadFeedback(db, id))!);
      db.afterCommit(() => notices.created(f));
      return f;
    });
    noteAudit({
      resourceType: "feedback", resourceId: id,
      after: { no: created.no, category: created.category, page: created.page, status: created.status, has_screenshot: created.has_screenshot, dept_id: created.dept_id },
    });
    return created;
  }

  async function transition(actor: UserActor, id: string, input: TransitionInput, locale: Locale): Promise<FeedbackDetail> {
    const before = await loadFeedback(db, id);
    const access = await requireVisible(db, scope, actor, before);
    const from = before!.status as FeedbackStatus;
    const rule = FEEDBACK_TRANSITIONS[input.action];
    const conflictNow = () => new TransitionConflict({ id, status: from, allowed_actions: allowedFeedbackActions(from, access) }, input.action, locale);
    if (!rule.from.includes(from)) throw conflictNow();
    const asManager = rule.manager && access.manager;
    if (!asManager && !(rule.submitter && access.submitter)) throw actionForbidden(input.action, locale);
    if (input.assignee !== undefined && !access.manager) throw actionForbidden(input.action, locale);
    if (input.action === "reopen" && !asManager && clock.now().getTime() > Date.parse(before!.status_changed_at) + FEEDBACK_REOPEN_DAYS * DAY_MS) {
      throw reopenExpired();
    }
    const comment = input.comment || null;
    if (rule.commentRequired && !comment) throw commentRequired();
    let assignee = before!.assignee_id;
    if (input.assignee !== undefined) {
      if (!(await activeUser(db, input.assignee))) throw assigneeUnknown();
      assignee = input.assignee;
    } else if ((input.action === "triage" || input.action === "start") && !assignee) {
      assignee = actor.userId;
    }
    const ts = now();
    const after = await db.tx(async () => {
      // Only from the status checked above: a concurrent change makes this a conflict, not a double move.
      const moved = await db.get(
        `UPDATE feedback SET status = ?, assignee_id = ?, updated_at = ?, status_changed_at = ?${asManager && comment ? ", last_reply = ?" : ""}
         WHERE id = ? AND status = ? RETURNING id`,
        [rule.to, assignee, ts, ts, ...(asManager && comment ? [comment] : []), id, from],
      );
      if (!moved) throw conflictNow();
      await event(id, actor, { kind: "transition", action: input.action, from, to: rule.to, comment, assignee: assignee !== before!.assignee_id ? assignee : null });
      const f = toFeedback((await loadFeedback(db, id))!);
      db.afterCommit(async () => {
        await notices.transitioned(f, input.action, actor, comment ?? undefined);
        if (assignee && assignee !== before!.assignee_id) await notices.assigned(f, actor);
      });
      return f;
    });
    noteAudit({
      resourceType: "feedback", resourceId: id,
      before: { status: from, assignee_id: before!.assignee_id },
      after: { status: after.status, assignee_id: after.assignee?.id ?? null, action: input.action, comment },
    });
    return detail(actor, id, access);
  }

  async function comment(actor: UserActor, id: string, content: string): Promise<FeedbackDetail> {
    const row = await loadFeedback(db, id);
    const access = await requireVisible(db, scope, actor, row);
    if (!access.submitter && !access.manager) throw commentForbidden();
    const ts = now();
    await db.tx(async () => {
      // A handler's words are what the submitter reads as the latest reply.
      await db.run(`UPDATE feedback SET updated_at = ?${access.manager && !access.submitter ? ", last_reply = ?" : ""} WHERE id = ?`,
        [ts, ...(access.manager && !access.submitter ? [content] : []), id]);
      await event(id, actor, { kind: "comment", comment: content });
      const f = toFeedback((await loadFeedback(db, id))!);
      db.afterCommit(() => notices.replied(f, actor, content));
    });
    noteAudit({ resourceType: "feedback", resourceId: id, after: { comment: content } });
    return detail(actor, id, access);
  }

  async function assign(actor: UserActor, id: string, assigneeId: string | null, locale: Locale): Promise<FeedbackDetail> {
    const row = await loadFeedback(db, id);
    const access = await requireVisible(db, scope, actor, row);
    if (!access.manager) throw actionForbidden("triage", locale);
    if (assigneeId !== null && !(await activeUser(db, assigneeId))) throw assigneeUnknown();
    await db.tx(async () => {
      await db.run("UPDATE feedback SET assignee_id = ?, updated_at = ? WHERE id = ?", [assigneeId, now(), id]);
      await event(id, actor, { kind: "assign", assignee: assigneeId });
      const f = toFeedback((await loadFeedback(db, id))!);
      if (assigneeId) db.afterCommit(() => notices.assigned(f, actor));
    });
    noteAudit({ resourceType: "feedback", resourceId: id, before: { assignee_id: row!.assignee_id }, after: { assignee_id: assigneeId } });
    return detail(actor, id, access);
  }

  async function screenshot(actor: UserActor, id: string) {
    const row = await loadFeedback(db, id);
    await requireVisible(db, scope, actor, row);
    const shot = await db.get<{ mime: string; data: string }>("SELECT mime, data FROM feedback_screenshots WHERE feedback_id = ?", [id]);
    if (!shot) throw notFound("feedback.no_screenshot");
    return { mime: shot.mime, bytes: new Uint8Array(Buffer.from(shot.data, "base64")), filename: `${feedbackNumber(Number(row!.no))}.${shot.mime === "image/png" ? "png" : "jpg"}` };
  }

  return {
    create,
    transition,
    comment,
    assign,
    screenshot,
    get: (actor: UserActor, id: string) => detail(actor, id),
    list: (actor: UserActor, q: ListFeedbackQuery) => listFeedback(db, scope, actor, q),
    mine: (actor: UserActor, q: MineQuery) => listMine(db, actor, q),
    /** open feedback for a handler, assigned to them first (the workbench's 待处理反馈) */
    openQueue: (actor: UserActor, limit = 5) => listOpenQueue(db, scope, actor, limit),
  };
}

export type FeedbackService = ReturnType<typeof createFeedback>;
