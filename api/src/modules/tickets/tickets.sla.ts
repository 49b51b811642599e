import { OPEN_TICKET_STATUSES, TICKET_SLA, TICKET_SLA_REMIND_RATIO, type Ticket } from "@ops/shared/contracts/tickets.ts";
import { iso } from "../../platform/clock.ts";
import type { TicketsDeps } from "./tickets.deps.ts";
import { recordEvent } from "./tickets.events.ts";
import type { TicketNotices } from "./tickets.notify.ts";
import { TICKET_FROM, TICKET_SELECT, toTicket, type TicketRow } from "./tickets.store.ts";

type Target = "response" | "resolution";
const BATCH = 200;

/** The SLA target a ticket is on now: response until reviewed, resolution until done; none after. */
function targetOf(tk: Ticket): { target: Target; due: string } | null {
  if (tk.status === "pending_review") return { target: "response", due: tk.response_due_at };
  if (tk.status === "reviewed" || tk.status === "assigned" || tk.status === "in_progress") return { target: "resolution", due: tk.resolution_due_at };
  return null;
}

/**
 * One pass of the SLA sweep (run on the scheduler role every minute; tests call it with a fixed
 * clock). A ticket past TICKET_SLA_REMIND_RATIO of its current target gets one reminder to the
 * party it waits on; past the target it is flagged breached, once per target. The marker is
 * written with a compare-and-set on `sla_reminded`, so two schedulers never send twice.
 */
export function createSlaSweep(deps: TicketsDeps, notices: TicketNotices) {
  const { db, clock } = deps;
  return async function sweep(): Promise<{ reminded: number; breached: number }> {
    const now = clock.now();
    const rows = await db.all<TicketRow>(
      `SELECT ${TICKET_SELECT} FROM ${TICKET_FROM} WHERE t.status IN (${OPEN_TICKET_STATUSES.map(() => "?").join(", ")})
       ORDER BY t.resolution_due_at LIMIT ${BATCH}`,
      [...OPEN_TICKET_STATUSES],
    );
    let reminded = 0;
    let breached = 0;
    for (const row of rows) {
      const tk = toTicket(row);
      const on = targetOf(tk);
      if (!on) continue;
      const minutes = TICKET_SLA[tk.priority][on.target];
      const due = Date.parse(on.due);
      const remindAt = due - minutes * 60_000 * (1 - TICKET_SLA_REMIND_RATIO);
      const marks = row.sla_reminded ? row.sla_reminded.split(",") : [];
      const kind = now.getTime() >= due ? "breach" : now.getTime() >= remindAt ? "remind" : null;
      if (!kind) continue;
      const mark = `${on.target}:${kind}`;
      if (marks.includes(mark)) continue;
      const ts = iso(now);
      const next = [...marks, mark].join(",");
      const won = await db.tx(async () => {
        const updated = await db.get(
          `UPDATE tickets SET sla_reminded = ?${kind === "breach" ? ", sla_breached = 1" : ""} WHERE id = ? AND sla_reminded = ? RETURNING id`,
          [next, tk.id, row.sla_reminded],
        );
        if (!updated) return false;
        await recordEvent(db, tk.id, null, ts, { kind: kind === "breach" ? "sla_breach" : "sla_reminder", comment: mark });
        db.afterCommit(() => notices.sla(kind === "breach" ? { ...tk, sla_breached: true } : tk, kind, on.target, on.due));
        return true;
      });
      if (!won) continue;
      if (kind === "breach") breached++;
      else reminded++;
    }
    return { reminded, breached };
  };
}
