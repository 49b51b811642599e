import { pickLocale, t, type Locale, type UserActor } from "@ops/shared";
import { feedbackNumber, type Feedback, type FeedbackAction } from "@ops/shared/contracts/feedback.ts";
import { isInScope } from "./feedback.access.ts";
import { FEEDBACK_MANAGE, type FeedbackDeps } from "./feedback.deps.ts";

type Person = { id: string; username: string; display_name: string; dept_id: string | null; locale: string };

/**
 * Who hears about feedback, in their own language: handlers (feedback:manage, inherited through
 * the role tree, or `*`) whose data scope covers a new feedback; the submitter when a handler
 * changes its status or replies; an assignee when it is handed to them. Nobody hears of their
 * own action. Notifications go out after commit; a failure is logged, never undoes the change.
 */
export function createFeedbackNotices(deps: FeedbackDeps) {
  const { db } = deps;
  const link = (path: string) => ({ url: path, ...(deps.publicUrl ? { link: `${deps.publicUrl.replace(/\/$/, "")}${path}` } : {}) });

  async function send(type: string, people: Person[], compose: (locale: Locale) => { title: string; body: string }, data: Record<string, unknown>) {
    const byLocale = new Map<Locale, string[]>();
    for (const p of people) {
      const locale = pickLocale(p.locale);
      byLocale.set(locale, [...(byLocale.get(locale) ?? []), p.id]);
    }
    for (const [locale, recipients] of byLocale) {
      try {
        await deps.notify.send({ type, recipients, data: { ...data, ...compose(locale) } });
      } catch (e) {
        deps.logger?.error("feedback notification failed", { err: e, type });
      }
    }
  }

  async function person(id: string | null | undefined): Promise<Person | undefined> {
    if (!id) return undefined;
    return db.get<Person>("SELECT id, username, display_name, dept_id, locale FROM users WHERE id = ? AND status = 'active' AND deleted_at IS NULL", [id]);
  }

  /** Active users holding feedback:manage whose data scope covers the feedback. */
  async function handlersOf(feedbackId: string): Promise<Person[]> {
    const holders = await db.all<Person>(
      `SELECT DISTINCT u.id, u.username, u.display_name, u.dept_id, u.locale
       FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
       WHERE u.status = 'active' AND u.deleted_at IS NULL AND EXISTS (
         SELECT 1 FROM role_permissions rp WHERE rp.permission_code IN (?, '*') AND r.path LIKE '%/' || rp.role_id || '/%')`,
      [FEEDBACK_MANAGE],
    );
    const out: Person[] = [];
    for (const h of holders) {
      const roleIds = (await db.all<{ role_id: string }>("SELECT role_id FROM user_roles WHERE user_id = ?", [h.id])).map((r) => r.role_id);
      const actor: UserActor = {
        kind: "user", userId: h.id, username: h.username, displayName: h.display_name, deptId: h.dept_id, roleIds,
        permissions: [FEEDBACK_MANAGE], sessionId: null, locale: pickLocale(h.locale),
      };
      if (await isInScope(db, deps.scope, actor, feedbackId)) out.push(h);
    }
    return out;
  }

  const words = (f: Feedback) => ({ number: feedbackNumber(f.no), feedback_id: f.id });

  return {
    async created(f: Feedback) {
      const handlers = (await handlersOf(f.id)).filter((h) => h.id !== f.submitter?.id);
      const excerpt = Array.from(f.content).slice(0, 80).join("") + (Array.from(f.content).length > 80 ? "…" : "");
      await send("feedback.created", handlers, (l) => ({
        title: t(l, "feedback.notify.created_title", { number: feedbackNumber(f.no), category: t(l, `feedback.category.${f.category}`) }),
        body: t(l, "feedback.notify.created_body", { submitter: f.submitter?.display_name ?? "", page: f.page ?? t(l, "feedback.notify.no_page"), excerpt }),
      }), { ...words(f), category: f.category, ...link(`/feedback?id=${f.id}`) });
    },
    /** A status change (by anyone but the submitter) reaches the submitter. */
    async transitioned(f: Feedback, action: FeedbackAction, actor: UserActor, comment: string | undefined) {
      const submitter = await person(f.submitter?.id);
      if (!submitter || submitter.id === actor.userId) return;
      await send("feedback.updated", [submitter], (l) => ({
        title: t(l, "feedback.notify.updated_title", { number: feedbackNumber(f.no), status: t(l, `feedback.status.${f.status}`) }),
        body: comment ? t(l, "feedback.notify.updated_body", { actor: actor.displayName, comment }) : "",
      }), { ...words(f), status: f.status, action, ...link(`/feedback/mine?id=${f.id}`) });
    },
    async replied(f: Feedback, actor: UserActor, comment: string) {
      const submitter = await person(f.submitter?.id);
      if (!submitter || submitter.id === actor.userId) return;
      await send("feedback.updated", [submitter], (l) => ({
        title: t(l, "feedback.notify.comment_title", { number: feedbackNumber(f.no) }),
        body: t(l, "feedback.notify.updated_body", { actor: actor.displayName, comment }),
      }), { ...words(f), status: f.status, ...link(`/feedback/mine?id=${f.id}`) });
    },
    async assigned(f: Feedback, actor: UserActor) {
      const assignee = await person(f.assignee?.id);
      if (!assignee || assignee.id === actor.userId) return;
      await send("feedback.updated", [assignee], (l) => ({
        title: t(l, "feedback.notify.assigned_title", { number: feedbackNumber(f.no) }),
        body: f.content.slice(0, 200),
      }), { ...words(f), status: f.status, ...link(`/feedback?id=${f.id}`) });
    },
  };
}

export type FeedbackNotices = ReturnType<typeof createFeedbackNotices>;
