import { pickLocale, t, type Locale, type UserActor } from "@ops/shared";
import { TICKET_NEXT_PARTY, ticketNumber, type Ticket, type TicketAction, type TicketParty } from "@ops/shared/contracts/tickets.ts";
import { TICKETS_ASSIGN, TICKETS_REVIEW, type TicketsDeps } from "./tickets.deps.ts";
import { holdersInScope, holdersOf, personOf, type Person } from "./tickets.people.ts";

/** A transition's comment after the action's name, punctuated for the language. */
const remark = (l: Locale, comment: string | null) => (comment ? (l === "en" ? ` — ${comment}` : `：${comment}`) : "");

/**
 * Who hears about a ticket, in their own language: the party it now waits on (reviewers or PMs
 * whose data scope covers it, the assignee, the reporter); when it ends (closed, rejected) the
 * reporter and the engineer. Nobody hears of their own action. Sent after commit; a failure is
 * logged and never undoes the change.
 */
export function createTicketNotices(deps: TicketsDeps) {
  const { db } = deps;
  const link = (path: string) => ({ url: path, ...(deps.publicUrl ? { link: `${deps.publicUrl.replace(/\/$/, "")}${path}` } : {}) });

  async function send(type: string, people: Person[], compose: (locale: Locale) => { title: string; body: string }, data: Record<string, unknown>) {
    const byLocale = new Map<Locale, string[]>();
    for (const p of people) {
      const locale = pickLocale(p.locale);
      if (!byLocale.get(locale)?.includes(p.id)) byLocale.set(locale, [...(byLocale.get(locale) ?? []), p.id]);
    }
    for (const [locale, recipients] of byLocale) {
      try {
        await deps.notify.send({ type, recipients, data: { ...data, ...compose(locale) } });
      } catch (e) {
        deps.logger?.error("ticket notification failed", { err: e, type });
      }
    }
  }

  /** The people behind a party of one ticket. */
  async function party(tk: Ticket, p: TicketParty): Promise<Person[]> {
    if (p === "reviewer") return holdersInScope(db, deps.scope, TICKETS_REVIEW, tk.id);
    // the contractor's PMs serve every department (tickets.access.ts)
    if (p === "pm") return holdersOf(db, TICKETS_ASSIGN);
    const one = await personOf(db, p === "engineer" ? tk.assignee?.id : tk.reporter?.id);
    return one ? [one] : [];
  }

  /** Who a ticket in its current status should hear from us after `actor` moved it. */
  async function nextParty(tk: Ticket, actorId: string): Promise<Person[]> {
    const next = TICKET_NEXT_PARTY[tk.status];
    let people: Person[];
    if (!next) people = [...(await party(tk, "reporter")), ...(await party(tk, "engineer"))];
    else {
      people = await party(tk, next);
      // 处理中 after start waits on the engineer who just acted: the reporter hears work began.
      if (people.every((p) => p.id === actorId)) people = await party(tk, "reporter");
    }
    return people.filter((p) => p.id !== actorId);
  }

  const words = (tk: Ticket) => ({ number: ticketNumber(tk.no), ticket_id: tk.id, status: tk.status, ...link(`/tickets/${tk.id}`) });

  return {
    party,
    async created(tk: Ticket) {
      const people = (await party(tk, "reviewer")).filter((p) => p.id !== tk.reporter?.id);
      await send("ticket.updated", people, (l) => ({
        title: t(l, "tickets.notify.created_title", { number: ticketNumber(tk.no), title: tk.title }),
        body: `${tk.reporter?.display_name ?? ""} · ${t(l, `tickets.kind.${tk.kind}`)} · ${t(l, `tickets.priority.${tk.priority}`)}`,
      }), words(tk));
    },
    async transitioned(tk: Ticket, action: TicketAction, actor: UserActor, comment: string | null) {
      const people = await nextParty(tk, actor.userId);
      const assigned = action === "assign" ? people.filter((p) => p.id === tk.assignee?.id) : [];
      const others = people.filter((p) => !assigned.includes(p));
      if (assigned.length) {
        await send("ticket.assigned", assigned, (l) => ({
          title: t(l, "tickets.notify.assigned_title", { number: ticketNumber(tk.no), title: tk.title }),
          body: t(l, "tickets.notify.moved_body", { actor: actor.displayName, action: t(l, `tickets.action.${action}`), comment: remark(l, comment) }),
        }), { ...words(tk), action });
      }
      await send("ticket.updated", others, (l) => ({
        title: t(l, "tickets.notify.moved_title", { number: ticketNumber(tk.no), status: t(l, `tickets.status.${tk.status}`), title: tk.title }),
        body: t(l, "tickets.notify.moved_body", { actor: actor.displayName, action: t(l, `tickets.action.${action}`), comment: remark(l, comment) }),
      }), { ...words(tk), action });
    },
    /** A comment reaches the reporter and the engineer (not its writer). */
    async commented(tk: Ticket, actor: UserActor, comment: string) {
      const people = [...(await party(tk, "reporter")), ...(await party(tk, "engineer"))].filter((p) => p.id !== actor.userId);
      await send("ticket.updated", people, (l) => ({
        title: t(l, "tickets.notify.comment_title", { number: ticketNumber(tk.no) }),
        body: `${actor.displayName}：${comment}`,
      }), words(tk));
    },
    /** An SLA reminder or breach to the party the ticket waits on. */
    async sla(tk: Ticket, kind: "remind" | "breach", target: "response" | "resolution", due: string) {
      const next = TICKET_NEXT_PARTY[tk.status];
      if (!next) return;
      await send("ticket.sla", await party(tk, next), (l) => ({
        title: t(l, kind === "remind" ? "tickets.notify.sla_remind_title" : "tickets.notify.sla_breach_title", {
          number: ticketNumber(tk.no), target: t(l, `tickets.sla.${target}`), title: tk.title,
        }),
        body: t(l, "tickets.notify.sla_body", { due, status: t(l, `tickets.status.${tk.status}`) }),
      }), { ...words(tk), sla: kind, target, due });
    },
  };
}

export type TicketNotices = ReturnType<typeof createTicketNotices>;
