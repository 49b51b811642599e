import type { Catalog } from "@ops/shared/i18n/catalog.ts";

/** Jobs: the alert settings section of the job form (job-alert-fields.tsx). */
export const jobAlertsText: Catalog = {
  "zh-CN": {
    "jobs.alerts.on_failure": "运行失败时告警",
    "jobs.alerts.on_timeout": "运行超时时告警",
    "jobs.alerts.missed_start": "错过启动宽限（秒）",
    "jobs.alerts.missed_start_hint": "到点后这么久仍未开始则告警；留空不告警（10–86400）",
    "jobs.alerts.consecutive": "连续失败次数",
    "jobs.alerts.consecutive_hint": "连续这么多次失败或超时则告警；留空不告警（2–100）",
    "jobs.alerts.tail_factor": "长尾倍数",
    "jobs.alerts.tail_hint": "成功运行耗时超过近期成功耗时 p95 的这么多倍则告警；留空不告警",
    "jobs.alerts.tail_window": "长尾统计窗口（次）",
    "jobs.alerts.users": "告警接收人",
    "jobs.alerts.roles": "告警接收角色",
    "jobs.alerts.owner": "通知作业负责人（创建人）",
  },
  en: {
    "jobs.alerts.on_failure": "Alert when a run fails",
    "jobs.alerts.on_timeout": "Alert when a run times out",
    "jobs.alerts.missed_start": "Missed-start grace (seconds)",
    "jobs.alerts.missed_start_hint": "Alert when a due run has not started this long after; empty: off (10–86400)",
    "jobs.alerts.consecutive": "Consecutive failures",
    "jobs.alerts.consecutive_hint": "Alert after this many failed or timed-out runs in a row; empty: off (2–100)",
    "jobs.alerts.tail_factor": "Long-tail factor",
    "jobs.alerts.tail_hint": "Alert when a successful run takes this many times the p95 of recent successes; empty: off",
    "jobs.alerts.tail_window": "Long-tail window (runs)",
    "jobs.alerts.users": "Alert users",
    "jobs.alerts.roles": "Alert roles",
    "jobs.alerts.owner": "Alert the job's owner (its creator)",
  },
};
