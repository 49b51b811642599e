import type { FlowNodeStatus, TriggerRule } from "@ops/shared/contracts/flows.ts";

/** What a pending node does now, from the states its upstream edges carry. */
export type Decision = "run" | "wait" | "skipped" | "upstream_failed";

const FINAL = new Set<FlowNodeStatus>(["succeeded", "failed", "timed_out", "cancelled", "skipped", "upstream_failed"]);
/** what `one_failed` fires on */
const FAILED = new Set<FlowNodeStatus>(["failed", "timed_out", "upstream_failed"]);
/** what blocks `all_success` and `none_failed`: a failure, or a cancel */
const BAD = new Set<FlowNodeStatus>(["failed", "timed_out", "upstream_failed", "cancelled"]);

export const isFinalNode = (s: FlowNodeStatus) => FINAL.has(s);

/**
 * The trigger rules of the contract (Airflow's). `upstream` holds one state per incoming edge; an
 * edge out of a condition whose branch was not taken carries `skipped`. A root node runs at once.
 * all_success: all succeeded → run; one bad → upstream_failed; else a skipped one → skipped.
 * all_done: all ended → run. one_success: one succeeded → run; all ended without → upstream_failed
 * when one is bad, else skipped. one_failed: one failed → run; all ended without → skipped.
 * none_failed: one bad → upstream_failed; all ended → run.
 */
export function decide(rule: TriggerRule, upstream: FlowNodeStatus[]): Decision {
  if (upstream.length === 0) return "run";
  const allFinal = upstream.every((s) => FINAL.has(s));
  const anyBad = upstream.some((s) => BAD.has(s));
  switch (rule) {
    case "all_success":
      if (anyBad) return "upstream_failed";
      if (!allFinal) return "wait";
      return upstream.every((s) => s === "succeeded") ? "run" : "skipped";
    case "all_done":
      return allFinal ? "run" : "wait";
    case "one_success":
      if (upstream.includes("succeeded")) return "run";
      if (!allFinal) return "wait";
      return anyBad ? "upstream_failed" : "skipped";
    case "one_failed":
      if (upstream.some((s) => FAILED.has(s))) return "run";
      return allFinal ? "skipped" : "wait";
    case "none_failed":
      if (anyBad) return "upstream_failed";
      return allFinal ? "run" : "wait";
  }
}
