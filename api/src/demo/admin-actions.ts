/**
 * Believable administration of the demo company over the last two weeks, as audit rows: who
 * created, edited, disabled and unlocked whom. Every row describes a change the seeded data is
 * consistent with (the disabled user is disabled, the department has that leader).
 */
export type DemoAction = {
  daysAgo: number;
  /** Shanghai wall-clock time, "HH:MM" */
  time: string;
  actor: string;
  method: "GET" | "POST" | "PUT";
  module: string;
  action: string;
  /** what the path's `{id}` and the row's resource are */
  target: { type: "user" | "department" | "role"; key: string } | null;
  path: string;
  status: number;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  via?: string;
};

export const DEMO_ACTIONS: DemoAction[] = [
  {
    daysAgo: 13, time: "10:12", actor: "gaofeng", method: "POST", module: "iam", action: "user.create",
    target: { type: "user", key: "songjia" }, path: "/api/v1/users", status: 201,
    after: { username: "songjia", display_name: "宋佳", dept: "客服中心", roles: ["ops_specialist"] },
  },
  {
    daysAgo: 12, time: "15:40", actor: "gaofeng", method: "POST", module: "iam", action: "user.create",
    target: { type: "user", key: "hejun" }, path: "/api/v1/users", status: 201,
    after: { username: "hejun", display_name: "何军", dept: "技术部", roles: ["developer"] },
  },
  {
    daysAgo: 9, time: "11:05", actor: "zhangwei", method: "PUT", module: "iam", action: "dept.update",
    target: { type: "department", key: "ops2" }, path: "/api/v1/departments/{id}", status: 200,
    before: { name: "运营二部", leader: null }, after: { name: "运营二部", leader: "zhengyu" },
  },
  {
    daysAgo: 8, time: "16:20", actor: "gaofeng", method: "PUT", module: "iam", action: "user.update",
    target: { type: "user", key: "hejun" }, path: "/api/v1/users/{id}", status: 200,
    before: { dept: "技术部" }, after: { dept: "平台研发组" },
  },
  {
    daysAgo: 7, time: "09:48", actor: "lina", method: "PUT", module: "iam", action: "user.update",
    target: { type: "user", key: "wuqian" }, path: "/api/v1/users/{id}", status: 403,
  },
  {
    daysAgo: 6, time: "18:02", actor: "gaofeng", method: "PUT", module: "iam", action: "user.update",
    target: { type: "user", key: "huangmin" }, path: "/api/v1/users/{id}", status: 200,
    before: { status: "active" }, after: { status: "disabled" },
  },
  {
    daysAgo: 4, time: "09:05", actor: "gaofeng", method: "POST", module: "iam", action: "user.unlock",
    target: { type: "user", key: "lina" }, path: "/api/v1/users/{id}/unlock", status: 200,
    before: { locked: true, failed_count: 0 }, after: { locked: false, locked_until: null, failed_count: 0 },
  },
  {
    daysAgo: 3, time: "14:15", actor: "xuhao", method: "PUT", module: "iam", action: "dept.update",
    target: { type: "department", key: "tech_sre" }, path: "/api/v1/departments/{id}", status: 200,
    before: { name: "运维保障组", leader: null }, after: { name: "运维保障组", leader: "gaofeng" },
  },
  {
    daysAgo: 2, time: "17:25", actor: "chenjing", method: "GET", module: "audit", action: "log.export",
    target: null, path: "/api/v1/audit/logs/export", status: 200,
  },
  {
    daysAgo: 1, time: "21:10", actor: "xuhao", method: "POST", module: "chat", action: "console.command",
    target: null, path: "/api/v1/chat/commands", status: 200, via: "web",
  },
];
