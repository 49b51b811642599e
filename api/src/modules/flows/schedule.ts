import type { Actor, FieldError, UserActor } from "@ops/shared";
import type { Flow } from "@ops/shared/contracts/flows.ts";
import type { JobSchedule, NextFires } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../platform/clock.ts";
import { noteAudit } from "../../platform/context.ts";
import { SCHEDULE_CHANNEL, dueOccurrences, nextOccurrence, occurrencesAfter, scheduleErrors, type ScheduleSource } from "../jobs/index.ts";
import type { FlowsDeps } from "./flows.deps.ts";
import type { CreateFlowInput } from "./flow.schema.ts";
import { findFlowRow, toFlow, type FlowRow } from "./flow.store.ts";

/** Missed occurrences a `catch_up` flow fires after downtime (jobs take theirs from catch_up_max). */
const FLOW_CATCH_UP_MAX = 10;
const DUE_BATCH = 200;
const isDelay = (s: JobSchedule): s is { delay_s: number } => s !== null && "delay_s" in s;

export type ScheduleCols = { schedule: string | null; misfire: string; next_fire_at: string | null; schedule_anchor: string | null };

/**
 * A body's schedule checked (400 fields, as for jobs) and the columns it stores. On update an
 * absent schedule is kept; an unchanged one keeps its cursor and anchor, and a changed one counts
 * from now: editing never fires a missed or surprise run.
 */
export function scheduleColumns(input: Pick<CreateFlowInput, "schedule" | "misfire">, before: FlowRow | undefined, now: Date): { cols: ScheduleCols; errors: FieldError[] } {
  const old: ScheduleCols | undefined = before
    ? { schedule: before.schedule ?? null, misfire: before.misfire ?? "fire_once", next_fire_at: before.next_fire_at ?? null, schedule_anchor: before.schedule_anchor ?? null }
    : undefined;
  const misfire = input.misfire ?? old?.misfire ?? "fire_once";
  if (input.schedule === undefined && old) return { cols: { ...old, misfire }, errors: [] };
  const checked = scheduleErrors(input.schedule ?? null);
  const errors = [...checked.errors];
  if (input.schedule && "at" in input.schedule && Number.isNaN(Date.parse(input.schedule.at))) errors.push({ field: "schedule.at", message: "validation.invalid" });
  const value = checked.value;
  const json = value ? JSON.stringify(value) : null;
  if (old && json === old.schedule) return { cols: { ...old, misfire }, errors };
  const paused = before?.status === "paused";
  const next = value && !paused ? nextOccurrence(value, now, now) : null;
  return { cols: { schedule: json, misfire, next_fire_at: next ? iso(next) : null, schedule_anchor: value ? iso(now) : null }, errors };
}

/** Stores a flow run of an occurrence under its occurrence key (null: another scheduler did); `advance` hands it off. */
export type ScheduledRuns = { insert(flow: Flow, at: Date, occurrenceKey: string): Promise<string | null>; advance(flowRunId: string): Promise<void> };

/**
 * Flow schedules: pause / resume, the next fires, and the schedule source the jobs scheduler ticks
 * (same timer, store notifications, kill switch). A tick moves each due flow's cursor by
 * compare-and-set and stores the occurrences' runs in the same transaction, each under the unique
 * key `flowcron:<flow>:<ISO>`; only the process whose compare-and-set won stores anything: exactly
 * once with two schedulers. A fixed delay fires once
 * and waits: its next fire is set when that run ends (`runEnded`).
 */
export function createFlowSchedules(deps: FlowsDeps, visibleRow: (actor: Actor, idOrName: string) => Promise<FlowRow>, runs: ScheduledRuns) {
  const { db, clock } = deps;
  const changed = () => void db.notify(SCHEDULE_CHANNEL, "flows").catch(() => {});

  const source: ScheduleSource = {
    name: "flows",
    async tick(now: Date, graceMs: number) {
      const due = await db.all<FlowRow>(
        `SELECT * FROM flows WHERE status = 'enabled' AND next_fire_at IS NOT NULL AND next_fire_at <= ? ORDER BY next_fire_at LIMIT ${DUE_BATCH}`,
        [iso(now)],
      );
      for (const row of due) {
        const flow = toFlow(row);
        if (!flow.schedule) continue;
        const cursor = new Date(row.next_fire_at!);
        const anchor = new Date(row.schedule_anchor ?? row.created_at);
        const at = isDelay(flow.schedule) ? [cursor] : dueOccurrences({ schedule: flow.schedule, misfire: flow.misfire, catch_up_max: FLOW_CATCH_UP_MAX, anchor, cursor }, now, graceMs);
        const next = isDelay(flow.schedule) ? null : nextOccurrence(flow.schedule, now, anchor);
        // the cursor and the occurrences' runs commit together: a crash in between loses no fire
        let created: string[] = [];
        try {
          created = await db.tx(async () => {
            const moved = await db.get("UPDATE flows SET next_fire_at = ? WHERE id = ? AND next_fire_at = ? RETURNING id", [next ? iso(next) : null, flow.id, row.next_fire_at]);
            if (!moved) return [];
            const ids: string[] = [];
            for (const d of at) {
              const id = await runs.insert(flow, d, `flowcron:${flow.id}:${d.toISOString()}`);
              if (id) ids.push(id);
            }
            return ids;
          });
        } catch (e) {
          deps.logger?.error("flow schedule: firing failed", { flow_id: flow.id, err: e });
        }
        for (const id of created) await runs.advance(id).catch((e) => deps.logger?.warn("flow schedule: hand-off failed (the sweep retries)", { flow_run_id: id, err: e }));
      }
      const next = await db.get<{ t: string | null }>("SELECT MIN(next_fire_at) AS t FROM flows WHERE status = 'enabled' AND next_fire_at IS NOT NULL");
      return next?.t ?? null;
    },
  };

  async function setStatus(actor: UserActor, idOrName: string, status: "enabled" | "paused"): Promise<Flow> {
    const row = await visibleRow(actor, idOrName);
    const before = toFlow(row);
    const now = clock.now();
    // resuming counts from now: what was missed while paused is not made up
    const next = status === "enabled" && before.schedule ? nextOccurrence(before.schedule, now, new Date(row.schedule_anchor ?? row.created_at)) : null;
    if (before.status !== status) {
      await db.run("UPDATE flows SET status = ?, next_fire_at = ?, updated_at = ? WHERE id = ?", [status, next ? iso(next) : null, iso(now), before.id]);
      changed();
    }
    const after = toFlow((await findFlowRow(db, before.id))!);
    noteAudit({ resourceType: "flow", resourceId: before.id, before: { status: before.status }, after: { status: after.status, next_fire_at: after.next_fire_at } });
    return after;
  }

  return {
    source,
    /** a save changed a schedule: schedulers re-arm */
    changed,
    pause: (actor: UserActor, id: string) => setStatus(actor, id, "paused"),
    resume: (actor: UserActor, id: string) => setStatus(actor, id, "enabled"),
    async nextFires(actor: Actor, idOrName: string, count: number): Promise<NextFires> {
      const row = await visibleRow(actor, idOrName);
      const flow = toFlow(row);
      if (flow.status !== "enabled" || !flow.schedule) return { fires: [], timezone: null };
      if (isDelay(flow.schedule)) return flow.next_fire_at ? { fires: [flow.next_fire_at], timezone: null, after_run: false } : { fires: [], timezone: null, after_run: true };
      const fires = occurrencesAfter(flow.schedule, clock.now(), count, new Date(row.schedule_anchor ?? row.created_at)).map((d) => d.toISOString());
      return { fires, timezone: "cron" in flow.schedule ? flow.schedule.timezone : null };
    },
    /** A fixed delay's next fire counts from the end of the scheduled run it waited for. */
    async runEnded(run: { flow_id: string; trigger_kind?: string }): Promise<void> {
      const row = await findFlowRow(db, run.flow_id);
      const flow = row && toFlow(row);
      if (!flow || flow.status !== "enabled" || !isDelay(flow.schedule) || flow.next_fire_at) return;
      const moved = await db.get("UPDATE flows SET next_fire_at = ? WHERE id = ? AND next_fire_at IS NULL RETURNING id", [
        iso(new Date(clock.now().getTime() + flow.schedule.delay_s * 1000)), flow.id,
      ]);
      if (moved) changed();
    },
  };
}

export type FlowSchedules = ReturnType<typeof createFlowSchedules>;
