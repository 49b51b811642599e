/**
 * The seams between the parts of the monitor module (metrics/, alerts/, security/, nodes/, slow/). Each part codes
 * against these, so the parts can be built and tested apart.
 */
import type { AlertLevel, MetricInfo, SecurityDetector, SeriesAgg, SeriesAnswer } from "@ops/shared/contracts/monitor.ts";
import type { Locale } from "@ops/shared";
import type { Labels } from "../../platform/observability.ts";

/** metrics/: reads the stored series (what rules evaluate and the board draws). */
export interface SeriesReader {
  catalog(locale: Locale): MetricInfo[];
  info(name: string, locale: Locale): MetricInfo | null;
  /**
   * One value per label set of `groupBy` over [at - windowMs, at]: the aggregation of the points in the window
   * (ratios: sum(num)/sum(den); counters: sum; histograms: the percentile over the window's points), after `filters`.
   * `null` where there were no points.
   */
  aggregate(q: { metric: string; filters: Labels; groupBy: string[]; windowMs: number; agg: SeriesAgg; at: Date }): Promise<Array<{ labels: Labels; value: number | null }>>;
  /** one line per label set of `by` (default: every label of the metric not fixed by a filter; node points merged) */
  series(q: { metric: string; filters: Labels; from: Date; to: Date; stepS?: number; agg: SeriesAgg; locale: Locale; by?: string[] }): Promise<SeriesAnswer>;
}

/** An occurrence a security detector (or any module) reports; the alerts part groups it by rule + labels. */
export type SecurityOccurrence = {
  detector: SecurityDetector;
  /** the group: `{account}`, `{address}`, `{user}` … (one open alert per rule and group) */
  labels: Labels;
  /** what was counted (failures in the window, distinct addresses) */
  value: number;
  summary: string;
  at: Date;
};

/** alerts/: security detectors raise through this; it applies the detector's rules (enabled, threshold, level). */
export interface AlertRaiser {
  /** the enabled rules watching this detector, with their thresholds and windows (detectors count over these) */
  rulesOf(detector: SecurityDetector): Promise<Array<{ id: string; threshold: number; window_s: number; level: AlertLevel }>>;
  /** opens or adds to the rule's alert for these labels (one incident, one card); resolves nothing */
  raise(ruleId: string, occurrence: SecurityOccurrence): Promise<void>;
}
