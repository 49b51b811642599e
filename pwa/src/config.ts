import type { IconName } from "./ui/icons.tsx";

/** App-wide constants: API base, storage keys, layout breakpoint and the navigation menu. */
export const API_BASE = "/api/v1";

export const STORAGE = {
  tokens: "ops.tokens",
  me: "ops.me",
  locale: "ops.locale",
} as const;

export const PAGE_SIZE = 20;

export type MenuItem = {
  /** menu permission code that shows this entry; none: every signed-in user */
  code?: string;
  path: string;
  /** i18n key of the label */
  label: string;
  icon: IconName;
  group: "iam" | "jobs" | "audit" | "support" | "monitor" | "me" | "help";
  /** highlighted only on this exact path */
  end?: boolean;
  /** highlighted on its path and below except under this one (`/jobs` lights on `/jobs/{id}/edit`, not on `/jobs/runs`) */
  except?: string;
};

export const MENU: MenuItem[] = [
  // first: on a phone the first two entries are bottom tabs, and deciding approvals is the phone's main errand
  { code: "menu:approvals", path: "/approvals", label: "nav.approvals", icon: "approve", group: "support" },
  { code: "menu:iam:users", path: "/iam/users", label: "nav.users", icon: "users", group: "iam" },
  { code: "menu:iam:departments", path: "/iam/departments", label: "nav.departments", icon: "building", group: "iam" },
  { code: "menu:iam:roles", path: "/iam/roles", label: "nav.roles", icon: "shield", group: "iam" },
  { code: "menu:iam:online", path: "/iam/online", label: "nav.online", icon: "signal", group: "iam" },
  { code: "menu:iam:settings", path: "/iam/settings", label: "nav.settings", icon: "settings", group: "iam" },
  { code: "iam:user:sync", path: "/iam/directory-sync", label: "nav.directory_sync", icon: "link", group: "iam" },
  { code: "iam:token:manage", path: "/api-tokens", label: "nav.api_tokens", icon: "key", group: "iam" },
  { code: "menu:jobs", path: "/jobs", label: "nav.jobs", icon: "list", group: "jobs", except: "/jobs/runs" },
  { code: "menu:jobs", path: "/jobs/runs", label: "nav.job_runs", icon: "signal", group: "jobs" },
  // one entry for the flow pages: it lights on /flows/{id}, the designer and the runs alike
  { code: "menu:flows", path: "/flows", label: "nav.flows", icon: "flow", group: "jobs" },
  { code: "menu:audit:logs", path: "/audit/logs", label: "nav.audit_logs", icon: "list", group: "audit" },
  { code: "menu:audit:login-logs", path: "/audit/login-logs", label: "nav.login_logs", icon: "key", group: "audit" },
  // the board, /tickets/new and /tickets/{id}
  { code: "menu:tickets", path: "/tickets", label: "nav.tickets", icon: "list", group: "support" },
  // the definitions list, /approval-definitions/new and /approval-definitions/{id} (designers only)
  { code: "approvals:design", path: "/approval-definitions", label: "nav.approval_definitions", icon: "flow", group: "support" },
  { code: "menu:feedback", path: "/feedback", label: "nav.feedback", icon: "feedback", group: "support" },
  { code: "webhooks:manage", path: "/webhooks", label: "nav.webhooks", icon: "signal", group: "support" },
  // the tables, a table's records, designer and history; change sets keep their own entry
  { code: "menu:config", path: "/config", label: "nav.config", icon: "settings", group: "support", except: "/config/change-sets" },
  // the change sets of every table the reader may see (waiting for approval first), and /config/change-sets/{id}
  { code: "config:view", path: "/config/change-sets", label: "nav.config_change_sets", icon: "approve", group: "support" },
  // the reports list, a report, the designer and the reports area's admin pages
  { code: "menu:reports", path: "/reports", label: "nav.reports", icon: "chart", group: "support" },
  // the notification content filter's word list (notify:manage)
  { code: "notify:manage", path: "/notify/sensitive-words", label: "nav.sensitive_words", icon: "shield", group: "support" },
  // notification webhooks and WeCom group robots (notify:manage)
  { code: "notify:manage", path: "/notify/webhooks", label: "nav.notify_webhooks", icon: "link", group: "support" },
  // the board (lit on /monitor only; /monitor/series is reached from its cards), alerts with rules and silences, nodes, slow queries
  { code: "monitor:view", path: "/monitor", label: "nav.monitor_board", icon: "chart", group: "monitor", end: true },
  { code: "monitor:view", path: "/monitor/alerts", label: "nav.monitor_alerts", icon: "bell", group: "monitor" },
  { code: "monitor:view", path: "/monitor/nodes", label: "nav.monitor_nodes", icon: "signal", group: "monitor" },
  { code: "monitor:view", path: "/monitor/slow", label: "nav.monitor_slow", icon: "list", group: "monitor" },
  { path: "/notifications", label: "nav.notifications", icon: "bell", group: "me" },
  { path: "/help", label: "nav.help", icon: "help", group: "help" },
];
