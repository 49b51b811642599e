import { pickLocale, t, type Locale } from "@ops/shared";
import type { Flow, FlowRunStatus } from "@ops/shared/contracts/flows.ts";
import { alertRecipients, createEpisodes } from "../jobs/index.ts";
import type { FlowsDeps } from "./flows.deps.ts";
import { findFlowRow, toFlow } from "./flow.store.ts";

/** Notification types of flow alerts (names in the shared catalogue, notify.type.<type>). */
export const FLOW_ALERT_TYPES = { failure: "flow.failed", waiting: "flow.waiting", recovered: "flow.recovered" } as const;

type Ended = { id: string; flow_id: string; status: FlowRunStatus; error: string | null };
type Waiting = { flow_run_id: string; flow_id: string; node_key: string; node_name: string; started_at: string };

/**
 * Alerts of flow runs, like a job's: a failed run opens the flow's failure episode and alerts once
 * (later failures stay quiet), the next success closes it with one recovery notice. A cancelled run
 * is neither. Recipients as for jobs, each only within their data scope of the flow's owner
 * department. The chat card (flow-alert) offers Retry (from the failed nodes) and View run.
 */
export function createFlowAlerts(deps: FlowsDeps) {
  const { db, clock } = deps;
  const episodes = createEpisodes<"failure" | "wait">(db, clock);

  async function send(flow: Flow, kind: keyof typeof FLOW_ALERT_TYPES, run: Pick<Ended, "id" | "error">, extra: Record<string, unknown> = {}) {
    if (!deps.alertSender) return;
    const people = await alertRecipients(db, flow, deps.scope);
    const byLocale = new Map<Locale, string[]>();
    for (const p of people) byLocale.set(pickLocale(p.locale), [...(byLocale.get(pickLocale(p.locale)) ?? []), p.id]);
    for (const [locale, recipients] of byLocale) {
      const words = { flow: flow.name, error: run.error ?? t(locale, "jobs.alert.no_error"), ...extra };
      await deps.alertSender.send({
        type: FLOW_ALERT_TYPES[kind], recipients,
        data: {
          card: "flow-alert", alert_kind: kind, flow_id: flow.id, flow_name: flow.name, run_id: run.id,
          title: t(locale, `flows.alert.${kind}_title`, words), body: t(locale, `flows.alert.${kind}_body`, words), url: `/flows/runs/${run.id}`,
        },
      });
    }
  }

  return {
    /**
     * Wait nodes of flows with `wait_grace_s` still waiting past it: one alert per flow and episode
     * (closed by the next success). The scheduler role runs it every minute.
     */
    async sweepWaiting(): Promise<number> {
      const rows = await db.all<Waiting>(
        `SELECT n.flow_run_id, r.flow_id, n.node_key, n.name AS node_name, n.started_at FROM flow_run_nodes n JOIN flow_runs r ON r.id = n.flow_run_id
         WHERE n.status = 'waiting' AND r.status = 'waiting' ORDER BY n.started_at LIMIT 500`,
      );
      let raised = 0;
      const now = clock.now().getTime();
      for (const w of rows) {
        const row = await findFlowRow(db, w.flow_id);
        const flow = row && toFlow(row);
        const grace = flow?.alerts.wait_grace_s;
        if (!flow || !grace || now - Date.parse(w.started_at) < grace * 1000) continue;
        if (!(await episodes.open(flow.id, "wait", w.flow_run_id))) continue;
        raised++;
        await send(flow, "waiting", { id: w.flow_run_id, error: null }, { node: w.node_name, minutes: Math.floor((now - Date.parse(w.started_at)) / 60_000) });
      }
      return raised;
    },
    /** After a flow run reached a final status. Never throws (alerting never breaks a run). */
    async runEnded(run: Ended): Promise<void> {
      if (run.status !== "failed" && run.status !== "succeeded") return;
      try {
        const row = await findFlowRow(db, run.flow_id);
        if (!row) return;
        const flow = toFlow(row);
        if (run.status === "failed") {
          if (flow.alerts.on_failure && (await episodes.open(flow.id, "failure", run.id))) await send(flow, "failure", run);
        } else if ((await episodes.close(flow.id, ["failure", "wait"])).length) {
          await send(flow, "recovered", run);
        }
      } catch (e) {
        deps.logger?.error("flow alerts failed", { err: e, flow_run_id: run.id });
      }
    },
  };
}

export type FlowAlerts = ReturnType<typeof createFlowAlerts>;
