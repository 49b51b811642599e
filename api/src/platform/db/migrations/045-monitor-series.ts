import type { Migration } from "../migrate.ts";

/**
 * Monitor time series (modules/monitor/metrics): one row per metric, label set, node and interval start, at two
 * resolutions (`res` 60: 1-minute points kept 7 days; 3600: 1-hour rollups kept 90 days). Each process writes its
 * own rows (`node` = its id; '' for cluster metrics, written by the scheduler only), upserting on the primary key so a
 * re-flush of the same minute replaces its row. `labels` is the label values as canonical JSON (sorted keys).
 * Values are floats (REAL / DOUBLE PRECISION): value, min/max/sum/count/last for counters and gauges, num/den for
 * ratios, p50/p95/p99 for histograms.
 */
export const m045MonitorSeries: Migration = {
  version: 45,
  name: "monitor-series",
  statements: (dialect) => {
    const real = dialect === "postgres" ? "DOUBLE PRECISION" : "REAL";
    return [
      `CREATE TABLE monitor_points (
        metric TEXT NOT NULL,
        res INTEGER NOT NULL,
        t TEXT NOT NULL,
        node TEXT NOT NULL,
        labels TEXT NOT NULL,
        value ${real},
        count ${real} NOT NULL,
        sum ${real},
        min ${real},
        max ${real},
        last ${real},
        num ${real},
        den ${real},
        p50 ${real},
        p95 ${real},
        p99 ${real},
        PRIMARY KEY (metric, res, t, node, labels)
      )`,
      // retention deletes by resolution and age across metrics
      "CREATE INDEX monitor_points_age ON monitor_points (res, t)",
    ];
  },
};
