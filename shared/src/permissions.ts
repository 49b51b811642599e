/**
 * The permission catalog: codes of three kinds. Menus gate PWA navigation, buttons gate
 * actions in a page, api codes gate routes. Seeded into the store at start; roles pick codes.
 * Codes of capabilities that land later (jobs, config, ...) are here already so that roles
 * can be set up once.
 */
export type PermissionKind = "menu" | "button" | "api";

export type PermissionDef = {
  code: string;
  kind: PermissionKind;
  parent: string | null;
  name: { "zh-CN": string; en: string };
};

const p = (code: string, kind: PermissionKind, parent: string | null, zh: string, en: string): PermissionDef => ({
  code,
  kind,
  parent,
  name: { "zh-CN": zh, en },
});

export const PERMISSIONS: PermissionDef[] = [
  p("menu:iam", "menu", null, "身份与权限", "Identity & access"),
  p("menu:iam:users", "menu", "menu:iam", "用户管理", "Users"),
  p("iam:user:list", "api", "menu:iam:users", "查看用户", "List users"),
  p("iam:user:create", "button", "menu:iam:users", "新建用户", "Create user"),
  p("iam:user:update", "button", "menu:iam:users", "编辑用户", "Edit user"),
  p("iam:user:delete", "button", "menu:iam:users", "删除用户", "Delete user"),
  p("iam:user:reset-password", "button", "menu:iam:users", "重置密码", "Reset password"),
  p("iam:user:unlock", "button", "menu:iam:users", "解锁账号", "Unlock account"),
  p("iam:user:unmask", "api", "menu:iam:users", "查看敏感字段", "See sensitive fields"),
  p("iam:user:sync", "button", "menu:iam:users", "同步通讯录（飞书、钉钉）", "Sync the directory (Feishu, DingTalk)"),
  p("menu:iam:departments", "menu", "menu:iam", "部门管理", "Departments"),
  p("iam:dept:list", "api", "menu:iam:departments", "查看部门", "List departments"),
  p("iam:dept:create", "button", "menu:iam:departments", "新建部门", "Create department"),
  p("iam:dept:update", "button", "menu:iam:departments", "编辑部门", "Edit department"),
  p("iam:dept:delete", "button", "menu:iam:departments", "删除部门", "Delete department"),
  p("menu:iam:roles", "menu", "menu:iam", "角色管理", "Roles"),
  p("iam:role:list", "api", "menu:iam:roles", "查看角色", "List roles"),
  p("iam:role:create", "button", "menu:iam:roles", "新建角色", "Create role"),
  p("iam:role:update", "button", "menu:iam:roles", "编辑角色", "Edit role"),
  p("iam:role:delete", "button", "menu:iam:roles", "删除角色", "Delete role"),
  p("iam:permission:list", "api", "menu:iam:roles", "查看权限", "List permissions"),
  p("menu:iam:online", "menu", "menu:iam", "在线用户", "Online users"),
  p("iam:session:list", "api", "menu:iam:online", "查看在线会话", "List online sessions"),
  p("iam:session:kick", "button", "menu:iam:online", "强制下线", "Kick session"),
  p("menu:iam:settings", "menu", "menu:iam", "安全设置", "Security settings"),
  p("iam:settings:view", "api", "menu:iam:settings", "查看安全设置", "View security settings"),
  p("iam:settings:update", "button", "menu:iam:settings", "修改安全设置", "Change security settings"),
  p("menu:iam:api-tokens", "menu", "menu:iam", "API 令牌", "API tokens"),
  p("iam:token:manage", "button", "menu:iam:api-tokens", "管理 API 令牌", "Manage API tokens"),

  p("menu:audit", "menu", null, "审计", "Audit"),
  p("menu:audit:logs", "menu", "menu:audit", "操作日志", "Audit log"),
  p("audit:log:list", "api", "menu:audit:logs", "查看操作日志", "List audit log"),
  p("audit:log:export", "button", "menu:audit:logs", "导出操作日志", "Export audit log"),
  p("menu:audit:login-logs", "menu", "menu:audit", "登录日志", "Login log"),
  p("audit:login-log:list", "api", "menu:audit:login-logs", "查看登录日志", "List login log"),
  p("audit:verify", "api", "menu:audit:logs", "校验日志完整性", "Verify log integrity"),
  p("audit:archive", "button", "menu:audit:logs", "归档旧日志", "Archive old logs"),

  p("menu:jobs", "menu", null, "作业调度", "Jobs"),
  p("jobs:view", "api", "menu:jobs", "查看作业", "View jobs"),
  p("jobs:run", "button", "menu:jobs", "运行作业", "Run jobs"),
  p("jobs:manage", "button", "menu:jobs", "管理作业", "Manage jobs"),
  p("menu:flows", "menu", null, "流程编排", "Flows"),
  p("flows:view", "api", "menu:flows", "查看流程", "View flows"),
  p("flows:run", "button", "menu:flows", "运行流程", "Run flows"),
  p("flows:manage", "button", "menu:flows", "设计流程", "Design flows"),
  p("menu:approvals", "menu", null, "审批", "Approvals"),
  p("approvals:view", "api", "menu:approvals", "查看审批", "View approvals"),
  p("approvals:submit", "button", "menu:approvals", "发起审批", "Submit approvals"),
  p("approvals:decide", "button", "menu:approvals", "处理审批", "Decide approvals"),
  p("approvals:design", "button", "menu:approvals", "设计审批流", "Design approval flows"),
  p("menu:config", "menu", null, "配置中心", "Config center"),
  p("config:view", "api", "menu:config", "查看配置", "View config"),
  p("config:edit", "button", "menu:config", "编辑配置", "Edit config"),
  p("config:publish", "button", "menu:config", "发布配置", "Publish config"),
  p("config:emergency", "button", "menu:config", "紧急发布配置（跳过审批）", "Emergency-publish config (skips review)"),
  p("config:design", "button", "menu:config", "设计配置表", "Design config tables"),
  p("menu:reports", "menu", null, "报表", "Reports"),
  p("reports:view", "api", "menu:reports", "查看报表", "View reports"),
  p("reports:manage", "button", "menu:reports", "设计报表", "Design reports"),
  p("reports:datasource", "button", "menu:reports", "管理数据源", "Manage datasources"),
  p("reports:subscribe", "button", "menu:reports", "管理报表订阅", "Manage report subscriptions"),
  p("menu:tickets", "menu", null, "工单", "Tickets"),
  p("tickets:view", "api", "menu:tickets", "查看工单", "View tickets"),
  p("tickets:create", "button", "menu:tickets", "新建工单", "Create tickets"),
  p("tickets:handle", "button", "menu:tickets", "处理工单", "Handle tickets"),
  p("tickets:review", "button", "menu:tickets", "审核工单", "Review tickets"),
  p("tickets:assign", "button", "menu:tickets", "指派工单", "Assign tickets"),
  p("menu:monitor", "menu", null, "监控告警", "Monitoring"),
  p("monitor:view", "api", "menu:monitor", "查看监控", "View monitoring"),
  p("monitor:ack", "button", "menu:monitor", "处理告警（认领、解决、静默）", "Handle alerts (acknowledge, resolve, silence)"),
  p("monitor:manage", "button", "menu:monitor", "管理告警规则", "Manage alert rules"),
  p("menu:notify", "menu", null, "通知中心", "Notifications"),
  p("notify:send", "button", "menu:notify", "发送通知", "Send notifications"),
  p("notify:manage", "button", "menu:notify", "管理通知模板与渠道", "Manage templates and channels"),
  p("menu:webhooks", "menu", null, "Webhook 订阅", "Webhooks"),
  p("webhooks:manage", "button", "menu:webhooks", "管理 Webhook 订阅与投递", "Manage webhook subscriptions and deliveries"),
  p("menu:feedback", "menu", null, "用户反馈", "Feedback"),
  p("feedback:list", "api", "menu:feedback", "查看反馈", "View feedback"),
  p("feedback:manage", "button", "menu:feedback", "处理反馈", "Handle feedback"),
  p("menu:help", "menu", null, "帮助中心", "Help center"),
  p("help:page:edit", "button", "menu:help", "编辑帮助页面", "Edit help pages"),
];

export const PERMISSION_CODES = new Set(PERMISSIONS.map((x) => x.code));

export function isKnownPermission(code: string): boolean {
  return PERMISSION_CODES.has(code);
}
