import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { Logger } from "../../platform/logger.ts";
import type { AuditService } from "../audit/index.ts";
import type { ApprovalGatePort } from "./approval-gate.port.ts";
import type { AlertSender, CardsPort, Jobs } from "../jobs/index.ts";

export type FlowsDeps = {
  db: Db;
  clock: Clock;
  /** IAM's data scopes: a flow belongs to its owner department (and its creator), like a job */
  scope: ScopeFilter;
  /** the jobs engine: every job and inline step runs through it (queue, lease, retries, logs, cancel) */
  jobs: Jobs;
  logger?: Logger;
  /** OPS_JOB_RUNS_KEEP_DAYS: final flow runs older than this go with their step runs and logs (each flow's latest 20 kept); absent or 0 keeps all */
  runsKeepDays?: number;
  /** notify's send: failed runs alert and the next success recovers (alerts.ts); absent: no alerts */
  alertSender?: AlertSender;
  /** audit's writer: the daily retention is audited as system */
  audit?: Pick<AuditService, "recordRequest">;
  /**
   * Posted chat cards of a flow run follow every node change:
   * `refresh("flow_run", id, {kind: "flow-run", data: <FlowRun>})`. Absent: no chat cards to update.
   * With `flagOnRecord`, only instances with a card posted (flow_runs.has_cards) are refreshed.
   */
  cards?: CardsPort;
  /** approvals, for wait nodes that are approval gates (approval-gate.ts). Absent: such nodes fail when reached. */
  approvalGate?: ApprovalGatePort;
};

export const FLOWS_VIEW = "flows:view";
export const FLOWS_RUN = "flows:run";
export const FLOWS_MANAGE = "flows:manage";
