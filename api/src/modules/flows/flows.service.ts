import { systemActor, type Actor, type UserActor } from "@ops/shared";
import type { FlowRun } from "@ops/shared/contracts/flows.ts";
import { createFlowDefinitions } from "./definitions.ts";
import type { FlowsDeps } from "./flows.deps.ts";
import { createEngine } from "./engine/engine.ts";
import { createFlowRuns } from "./engine/flow-runs.ts";
import { createFlowAlerts } from "./alerts.ts";
import { createFlowSchedules, type FlowSchedules } from "./schedule.ts";
import { purgeFlowRunsAudited } from "./engine/retention.ts";
import { loadFlowRun } from "./engine/run.store.ts";
import { gateEnded } from "./approval-gate.ts";
import { sweepGates } from "./approval-gate-sweep.ts";

/** How often the scheduler role re-drives instances that stopped moving (a crash between a step's end and its hand-off). */
const SWEEP_MS = 15_000;
const DAY_MS = 86_400_000;

/**
 * Flows: versioned DAG definitions and their instances. Steps run as job runs through the jobs
 * engine; the hand-off to downstream nodes happens in the process where a step's run changed,
 * from jobs' run status hook, with a sweep on the scheduler role as the safety net.
 */
export function createFlows(deps: FlowsDeps) {
  // Chat cards showing an instance follow every node change, wherever they were posted.
  // Recording a card sets the instance's has_cards (same transaction); a change read as 0 skips the refresh.
  // (a cards port without flagging, a stand-in, refreshes at every change)
  const flagged = () => !!deps.cards?.flagOnRecord;
  deps.cards?.flagOnRecord?.("flow_run", (id) => deps.db.run("UPDATE flow_runs SET has_cards = 1 WHERE id = ? AND has_cards = 0", [id]));
  const refreshCards = async (flowRunId: string) => {
    if (!deps.cards) return;
    try {
      const run = await loadFlowRun(deps.db, flowRunId);
      if (run) await deps.cards.refresh("flow_run", flowRunId, { kind: "flow-run", data: run as unknown as Record<string, unknown> });
    } catch (e) {
      deps.logger?.warn("flow run card refresh failed", { flow_run_id: flowRunId, err: e });
    }
  };
  // Off the worker's path (the next step should not wait for a chat round trip), one refresh at a
  // time per instance; a change during one asks for another after it, so the card ends on the last state.
  const refreshing = new Map<string, { again: boolean; done: Promise<void> }>();
  const scheduleRefresh = (id: string) => {
    const current = refreshing.get(id);
    if (current) return void (current.again = true);
    const entry = { again: false, done: Promise.resolve() };
    refreshing.set(id, entry);
    entry.done = (async () => {
      do {
        entry.again = false;
        await refreshCards(id);
      } while (entry.again);
      refreshing.delete(id);
    })();
  };
  const listeners = new Set<(flowRunId: string) => void>();
  const alerts = createFlowAlerts(deps);
  // set below: the engine's end hook reaches the schedules, which start runs through the engine
  let schedules: FlowSchedules | null = null;
  const engine = createEngine(deps, async (id, hasCards) => {
    for (const fn of listeners) fn(id);
    if (!flagged() || hasCards !== false) scheduleRefresh(id);
  }, async (run) => {
    await alerts.runEnded(run);
    if (run.trigger === "cron") await schedules?.runEnded(run).catch((e) => deps.logger?.warn("fixed-delay re-arm failed", { err: e }));
  });
  const definitions = createFlowDefinitions(deps);
  const runs = createFlowRuns(deps, engine);
  schedules = createFlowSchedules(deps, definitions.visibleRow, { insert: runs.insertScheduled, advance: (id) => engine.advance(id) });
  // the jobs scheduler ticks flow schedules too (its timer, store notifications and kill switch)
  const sources = (deps.jobs.deps.scheduleSources ??= []);
  sources.push(schedules.source);
  const offHook = deps.jobs.onRunStatus((run) => engine.onRun(run));
  let sweepTimer: ReturnType<typeof setInterval> | null = null;
  let gateSweeping = false;
  const retentionTimers: Array<ReturnType<typeof setTimeout>> = [];
  let purging: Promise<unknown> = Promise.resolve();
  const purgeRuns = (keepDays = deps.runsKeepDays ?? 0) => purgeFlowRunsAudited(deps, { keepDays, keepLatest: 20 });
  const purgeTick = () => {
    purging = purgeRuns().then(
      (r) => r.flow_runs > 0 && deps.logger?.info("flow runs purged", { ...r }),
      (e) => deps.logger?.error("flow runs purge failed", { err: e }),
    );
  };

  return {
    deps, definitions, runs, engine, schedules, alerts,
    async runNow(actor: UserActor, idOrName: string, params: Record<string, unknown>): Promise<FlowRun> {
      const flow = await definitions.get(actor, idOrName);
      return runs.start(actor, flow, params);
    },
    /** `fn(flowRunId)` after every change of an instance in this process (tests, streams). */
    onChange(fn: (flowRunId: string) => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    getRun: (actor: Actor, id: string) => runs.get(actor, id),
    /** A run the system starts (trigger `approval`, no user): an approval's internal hook; `reason` is who asked (approval:<id>). */
    async runAsSystem(reason: string, idOrName: string, params: Record<string, unknown>): Promise<FlowRun> {
      const flow = await definitions.get(systemActor(reason), idOrName);
      return runs.startAs(flow, params, { trigger: "approval", by: null });
    },
    /** An approval ended (approvals' end listener, wired in the composition root): the wait node it gates continues or fails. */
    async approvalEnded(approvalId: string, status: string, decidedBy: string | null, comment: string | null): Promise<void> {
      const flowRunId = await gateEnded(deps, approvalId, status, decidedBy, comment);
      if (flowRunId) await engine.advance(flowRunId);
    },
    /** One pass over approval gates a crash left behind: reached with no approval (older than `graceMs`), or whose approval ended unheard (approval-gate-sweep.ts). */
    sweepGates: (graceMs?: number) => sweepGates(deps, (id, reopen) => engine.advance(id, reopen), graceMs),
    /** resolves when no chat card refresh is in flight (tests, shutdown) */
    async cardsSettled(): Promise<void> {
      while (refreshing.size) await Promise.all([...refreshing.values()].map((r) => r.done));
    },
    /** Deletes final flow runs older than `keepDays` (default OPS_JOB_RUNS_KEEP_DAYS) with their step runs and logs, each flow's latest 20 kept; audited as system. */
    purgeRuns,
    /** The scheduler role's part: the sweep that re-drives stalled instances, and the daily retention (a minute after start, then every 24 h). */
    start(options: { scheduler?: boolean } = { scheduler: true }) {
      if (options.scheduler && !sweepTimer) {
        sweepTimer = setInterval(() => {
          void runs.sweep(SWEEP_MS).catch((e) => deps.logger?.warn("flow sweep failed", { err: e }));
          // wait nodes past their flow's wait_grace_s (a 15 s look is cheap: one query over waiting nodes)
          void alerts.sweepWaiting().catch((e) => deps.logger?.warn("flow wait-alert sweep failed", { err: e }));
          // approval gates a crash left without their approval, or whose approval ended unheard
          if (!gateSweeping) {
            gateSweeping = true;
            void sweepGates(deps, (id, reopen) => engine.advance(id, reopen))
              .catch((e) => deps.logger?.warn("flow approval gate sweep failed", { err: e }))
              .finally(() => (gateSweeping = false));
          }
        }, SWEEP_MS);
        sweepTimer.unref?.();
        if (deps.runsKeepDays) {
          retentionTimers.push(setTimeout(purgeTick, 60_000), setInterval(purgeTick, DAY_MS));
          for (const t of retentionTimers) t.unref?.();
        }
      }
    },
    /** Ends the scheduler role's timers (sweep, retention) and waits for a purge under way: a shutdown's first steps. */
    async stopScheduler() {
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
      for (const t of retentionTimers.splice(0)) clearInterval(t);
      await purging;
    },
    async stop() {
      await this.stopScheduler();
      offHook();
      const at = sources.indexOf(schedules!.source);
      if (at >= 0) sources.splice(at, 1);
      await this.cardsSettled();
    },
  };
}

export type Flows = ReturnType<typeof createFlows>;
