import { PERMISSIONS, type DataScope } from "@ops/shared";

/**
 * The five built-in roles. Role trees inherit downwards: 运营主管 is a child of 运营专员 and so
 * holds everything a specialist holds plus its own codes. Menu codes are added for every
 * area a role can act in, so the PWA menu follows from the same table.
 */
export type SeedRole = {
  code: string;
  name: string;
  parent?: string;
  dataScope: DataScope;
  permissions: string[];
  description: string;
};

const view = ["jobs:view", "flows:view", "approvals:view", "config:view", "reports:view", "tickets:view", "monitor:view"];

export const SEED_ROLES: SeedRole[] = [
  {
    code: "super_admin",
    name: "超级管理员",
    dataScope: "ALL",
    permissions: ["*"],
    description: "全部权限 / everything",
  },
  {
    code: "ops_specialist",
    name: "运营专员",
    dataScope: "DEPT",
    permissions: [...view, "jobs:run", "flows:run", "approvals:submit", "tickets:create", "iam:user:list", "iam:dept:list"],
    description: "日常运营：运行作业、发起审批、查看报表 / day-to-day operations",
  },
  {
    code: "ops_manager",
    name: "运营主管",
    parent: "ops_specialist",
    dataScope: "DEPT_AND_CHILD",
    permissions: [
      "approvals:decide", "approvals:design", "config:edit", "config:publish", "config:design", "reports:manage", "reports:subscribe", "jobs:manage",
      "flows:manage", "tickets:handle", "tickets:review", "notify:send", "monitor:ack",
      "iam:user:create", "iam:user:update", "iam:user:reset-password", "iam:user:unlock",
      "iam:role:list", "iam:permission:list", "iam:session:list", "audit:log:list", "feedback:list", "feedback:manage",
    ],
    description: "管理本部门及下级：审批、发布配置、管理成员 / runs a department and its children",
  },
  {
    code: "developer",
    name: "开发人员",
    dataScope: "DEPT",
    permissions: [
      ...view, "jobs:run", "jobs:manage", "flows:run", "flows:manage", "config:edit", "config:design", "reports:manage", "reports:datasource", "reports:subscribe",
      "monitor:ack", "monitor:manage", "tickets:handle", "approvals:submit", "approvals:decide", "iam:user:list", "iam:dept:list",
    ],
    description: "维护作业、流程、配置与报表（发布需审批）/ builds jobs, flows, config and reports",
  },
  {
    code: "auditor",
    name: "审计人员",
    dataScope: "ALL",
    permissions: [
      ...view, "audit:log:list", "audit:log:export", "audit:login-log:list", "audit:verify",
      "iam:user:list", "iam:dept:list", "iam:role:list", "iam:permission:list", "iam:session:list", "iam:settings:view",
      "feedback:list",
    ],
    description: "只读审计：操作与登录日志、权限配置 / read-only oversight",
  },
];

/** A role's codes plus the menu codes above them, so the menu tree shows every area it can act in. */
export function withMenus(codes: string[]): string[] {
  if (codes.includes("*")) return codes;
  const byCode = new Map(PERMISSIONS.map((p) => [p.code, p]));
  const out = new Set(codes);
  for (const code of codes) {
    let parent = byCode.get(code)?.parent;
    while (parent) {
      out.add(parent);
      parent = byCode.get(parent)?.parent;
    }
  }
  return [...out];
}
