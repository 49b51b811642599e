import { forbidden, hasPermission, type Locale, type UserActor } from "@ops/shared";
import { startPeriodic } from "../../platform/periodic.ts";
import {
  TICKET_SLA, TICKET_TRANSITIONS, allowedTicketActions,
  type Ticket, type TicketDetail, type TicketStatus,
} from "@ops/shared/contracts/tickets.ts";
import { addMs, iso } from "../../platform/clock.ts";
import { noteAudit } from "../../platform/context.ts";
import { newId } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import { requireVisible, type TicketAccess } from "./tickets.access.ts";
import { createTicketComments } from "./tickets.comments.ts";
import { TICKETS_CREATE, TICKETS_HANDLE, type TicketsDeps } from "./tickets.deps.ts";
import { TicketConflict, actionForbidden, assigneeRequired, assigneeUnknown, commentRequired } from "./tickets.errors.ts";
import { recordEvent, viaOf } from "./tickets.events.ts";
import { listTickets, myOpenTickets } from "./tickets.list.ts";
import { createTicketNotices } from "./tickets.notify.ts";
import { holds, holdersOf } from "./tickets.people.ts";
import type { CreateInput, ListTicketsQuery, TransitionInput } from "./tickets.schema.ts";
import { createSlaSweep } from "./tickets.sla.ts";
import { activeUser, loadEvents, loadTicket, toTicket } from "./tickets.store.ts";

const MINUTE = 60_000;

/**
 * 运维工单: opened by a reporter, moved by each party in turn (TICKET_TRANSITIONS). Every write is
 * one transaction with its timeline event and an audit note; notifications and chat card
 * refreshes go out after commit.
 */
export function createTickets(deps: TicketsDeps) {
  const { db, clock, scope } = deps;
  const notices = createTicketNotices(deps);
  const now = () => iso(clock.now());

  async function detail(actor: UserActor, id: string, known?: TicketAccess): Promise<TicketDetail> {
    const row = await loadTicket(db, id);
    const access = known ?? (await requireVisible(db, scope, actor, row));
    const tk = toTicket(row!);
    return {
      ...tk,
      events: await loadEvents(db, id),
      allowed_actions: allowedTicketActions(tk.status, access.roles),
      roles: access.roles,
      can_comment: Object.values(access.roles).some(Boolean),
    };
  }

  /** Chat cards of the ticket show its new state (after commit; a failure is logged). */
  async function refreshCards(tk: Ticket) {
    if (!deps.cards) return;
    try {
      await deps.cards.refresh("ticket", tk.id, { kind: "ticket", data: tk as unknown as Record<string, unknown> });
    } catch (e) {
      deps.logger?.error("ticket card refresh failed", { err: e, ticket_id: tk.id });
    }
  }

  /** The next number: PostgreSQL serialises numbering with a transaction lock; SQLite has one writer. */
  async function nextNumber(): Promise<number> {
    if (db.dialect === "postgres") await db.run("SELECT pg_advisory_xact_lock(727276)");
    const row = await db.get<{ n: number | string | null }>("SELECT MAX(no) AS n FROM tickets");
    return Number(row?.n ?? 0) + 1;
  }

  async function create(actor: UserActor, input: CreateInput): Promise<Ticket> {
    if (!hasPermission(actor, TICKETS_CREATE)) throw forbidden("tickets.create_forbidden");
    const id = newId();
    const opened = clock.now();
    const ts = iso(opened);
    const sla = TICKET_SLA[input.priority];
    const created = await db.tx(async () => {
      const no = await nextNumber();
      await insertRow(db, "tickets", {
        id, no, title: input.title, kind: input.kind, priority: input.priority, status: "pending_review", description: input.description,
        reporter_id: actor.userId, dept_id: actor.deptId, assignee_id: null, via: viaOf(actor),
        response_due_at: iso(addMs(opened, sla.response * MINUTE)), resolution_due_at: iso(addMs(opened, sla.resolution * MINUTE)),
        responded_at: null, resolved_at: null, sla_reminded: "", sla_breached: 0, created_at: ts, updated_at: ts, status_changed_at: ts,
      });
      await recordEvent(db, id, actor, ts, { kind: "created", to: "pending_review" });
      const tk = toTicket((await loadTicket(db, id))!);
      db.afterCommit(() => notices.created(tk));
      return tk;
    });
    noteAudit({
      resourceType: "ticket", resourceId: id,
      after: { no: created.no, title: created.title, kind: created.kind, priority: created.priority, status: created.status, dept_id: created.dept_id },
    });
    return created;
  }

  async function transition(actor: UserActor, id: string, input: TransitionInput, locale: Locale): Promise<TicketDetail> {
    const before = await loadTicket(db, id);
    const access = await requireVisible(db, scope, actor, before);
    const from = before!.status as TicketStatus;
    const rule = TICKET_TRANSITIONS[input.action];
    const conflictNow = (status: TicketStatus = from) =>
      new TicketConflict({ id, status, allowed_actions: allowedTicketActions(status, access.roles) }, input.action, locale);
    if (!rule.from.includes(from)) throw conflictNow();
    if (!rule.by.some((p) => access.roles[p])) throw actionForbidden(input.action, locale);
    const comment = input.comment || null;
    if (rule.commentRequired && !comment) throw commentRequired();
    let assignee = before!.assignee_id;
    if (rule.assigneeRequired) {
      if (!input.assignee) throw assigneeRequired();
      const user = await activeUser(db, input.assignee);
      if (!user || !(await holds(db, user.id, TICKETS_HANDLE))) throw assigneeUnknown();
      assignee = user.id;
    }
    const ts = now();
    const after = await db.tx(async () => {
      const stamps = [
        ...(rule.to === "reviewed" || rule.to === "rejected" ? ["responded_at = COALESCE(responded_at, ?)"] : []),
        ...(rule.to === "done" ? ["resolved_at = ?"] : []),
        ...(input.action === "send_back" ? ["resolved_at = NULL"] : []),
      ];
      const stampParams = stamps.filter((s) => s.includes("?")).map(() => ts);
      // Only from the status checked above: a concurrent move makes this a conflict, not a double move.
      const moved = await db.get(
        `UPDATE tickets SET status = ?, assignee_id = ?, updated_at = ?, status_changed_at = ?${stamps.map((s) => `, ${s}`).join("")}
         WHERE id = ? AND status = ? RETURNING id`,
        [rule.to, assignee, ts, ts, ...stampParams, id, from],
      );
      if (!moved) throw conflictNow(((await loadTicket(db, id))?.status ?? from) as TicketStatus);
      await recordEvent(db, id, actor, ts, {
        kind: "transition", action: input.action, from, to: rule.to, comment, assignee: assignee !== before!.assignee_id ? assignee : null,
      });
      const tk = toTicket((await loadTicket(db, id))!);
      db.afterCommit(async () => {
        await notices.transitioned(tk, input.action, actor, comment);
        await refreshCards(tk);
      });
      return tk;
    });
    noteAudit({
      resourceType: "ticket", resourceId: id,
      before: { status: from, assignee_id: before!.assignee_id },
      after: { status: after.status, assignee_id: after.assignee?.id ?? null, action: input.action, comment },
    });
    // The caller's roles may have changed (an assign makes the PM's pick the engineer).
    return detail(actor, id);
  }

  const comments = createTicketComments(deps, { detail, notices });
  const sweepSla = createSlaSweep(deps, notices);
  let stopTimer: (() => void) | null = null;

  return {
    create,
    transition,
    comment: comments.add,
    attachment: comments.attachment,
    get: (actor: UserActor, id: string) => detail(actor, id),
    list: (actor: UserActor, q: ListTicketsQuery) => listTickets(db, scope, actor, q),
    /** engineers a PM may pick (holders of tickets:handle) */
    assignees: async () => (await holdersOf(db, TICKETS_HANDLE)).map((p) => ({ id: p.id, username: p.username, display_name: p.display_name })),
    /** open tickets I reported or am assigned (the workbench's 我的工单) */
    myOpen: (actor: UserActor, limit = 5) => myOpenTickets(db, actor, limit),
    /** the SLA sweep (scheduler role): reminders before a target passes, the breach flag after */
    sweepSla,
    /** starts the SLA sweep every minute on the scheduler role (main.ts) */
    start(opts: { scheduler: boolean }) {
      if (opts.scheduler && !stopTimer) stopTimer = startPeriodic(sweepSla, (e) => deps.logger?.error("ticket SLA sweep failed", { err: e }));
    },
    stop() {
      stopTimer?.();
      stopTimer = null;
    },
  };
}

export type TicketsService = ReturnType<typeof createTickets>;
