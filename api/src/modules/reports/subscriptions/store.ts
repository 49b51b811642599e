import type { ReportSubscription } from "@ops/shared/contracts/reports.ts";

export type SubscriptionRow = {
  id: string; report_id: string; name: string; frequency: ReportSubscription["frequency"]; time: string; day: number | string | null; time_zone: string;
  params: string; recipients: string; channels: string; attach_xlsx: number | boolean; enabled: number | boolean; next_run_at: string | null;
  last_run_at: string | null; last_status: ReportSubscription["last_status"]; created_by: string | null; created_at: string; updated_at: string;
};

export function toSubscription(r: SubscriptionRow): ReportSubscription {
  return {
    id: r.id, report_id: r.report_id, name: r.name, frequency: r.frequency, time: r.time, ...(r.day === null ? {} : { day: Number(r.day) }),
    time_zone: r.time_zone, params: JSON.parse(r.params), recipients: JSON.parse(r.recipients), channels: JSON.parse(r.channels),
    attach_xlsx: Boolean(Number(r.attach_xlsx)), enabled: Boolean(Number(r.enabled)), next_run_at: r.next_run_at, last_run_at: r.last_run_at,
    last_status: r.last_status, created_by: r.created_by, created_at: r.created_at, updated_at: r.updated_at,
  };
}

export type RunRow = {
  id: string; subscription_id: string; fire_id: string; user_id: string; status: "queued" | "sent" | "failed" | "skipped";
  error: string | null; event_id: string | null; created_at: string; finished_at: string | null;
};

export type DeliveryJob = { runId: string };
