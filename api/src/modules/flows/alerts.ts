import { pickLocale, t, type Locale } from "@ops/shared";
import type { Flow, FlowRunStatus } from "@ops/shared/contracts/flows.ts";
import { alertRecipients, createEpisodes } from "../jobs/index.ts";
import type { FlowsDeps } from "./flows.deps.ts";
import { findFlowRow, toFlow } from "./flow.store.ts";

/** Notification types of flow alerts (names in the shared catalogue, notify.type.<type>). */
export const FLOW_ALERT_TYPES = { failure: "flow.failed", recovered: "flow.recovered" } as const;

type Ended = { id: string; flow_id: string; status: FlowRunStatus; error: string | null };

/**
 * Alerts of flow runs, like a job's: a failed run opens the flow's failure episode and alerts once
 * (later failures stay quiet), the next success closes it with one recovery notice. A cancelled run
 * is neither. Recipients as for jobs, each only within their data scope of the flow's owner
 * department. The chat card (flow-alert) offers Retry (from the failed nodes) and View run.
 */
export function createFlowAlerts(deps: FlowsDeps) {
  const { db, clock } = deps;
  const episodes = createEpisodes(db, clock);

  async function send(flow: Flow, kind: keyof typeof FLOW_ALERT_TYPES, run: Ended) {
    if (!deps.alertSender) return;
    const people = await alertRecipients(db, flow, deps.scope);
    const byLocale = new Map<Locale, string[]>();
    for (const p of people) byLocale.set(pickLocale(p.locale), [...(byLocale.get(pickLocale(p.locale)) ?? []), p.id]);
    for (const [locale, recipients] of byLocale) {
      const words = { flow: flow.name, error: run.error ?? t(locale, "jobs.alert.no_error") };
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
    /** After a flow run reached a final status. Never throws (alerting never breaks a run). */
    async runEnded(run: Ended): Promise<void> {
      if (run.status !== "failed" && run.status !== "succeeded") return;
      try {
        const row = await findFlowRow(db, run.flow_id);
        if (!row) return;
        const flow = toFlow(row);
        if (run.status === "failed") {
          if (flow.alerts.on_failure && (await episodes.open(flow.id, "failure", run.id))) await send(flow, "failure", run);
        } else if ((await episodes.close(flow.id, ["failure"])).length) {
          await send(flow, "recovered", run);
        }
      } catch (e) {
        deps.logger?.error("flow alerts failed", { err: e, flow_run_id: run.id });
      }
    },
  };
}

export type FlowAlerts = ReturnType<typeof createFlowAlerts>;
