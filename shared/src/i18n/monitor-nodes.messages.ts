import type { Catalog } from "./catalog.ts";

/** Monitor: nodes (the platform's own processes) and the security detectors' alert texts. */
export const monitorNodesMessages: Catalog = {
  "zh-CN": {
    "monitor.node_not_found": "节点不存在（可能已停止超过 7 天并被清除）",
    "monitor.node_not_worker": "只有 worker 角色的节点可以排空（该节点角色：${roles}）",
    "monitor.node_draining": "节点正在排空中",
    "monitor.node_drained": "节点已排空",
    "monitor.node_stopped": "节点已停止",
    "monitor.node_silent": "节点已失联（超过 30 秒未上报），无法接收排空请求",
    "monitor.security.failures_per_address": "地址 ${address} 在 ${window} 内登录失败 ${count} 次",
    "monitor.security.failures_per_account": "账号 ${account} 在 ${window} 内登录失败 ${count} 次",
    "monitor.security.many_addresses": "账号 ${account} 在 ${window} 内从 ${count} 个不同地址登录成功",
    "monitor.security.mfa_disabled": "用户 ${user} 的两步验证已停用（操作人：${actor}）",
    "monitor.security.admin_granted": "用户 ${user} 被授予了拥有全部权限的角色 ${role}（操作人：${actor}）",
    "monitor.security.audit_verify_failed": "审计日志链校验失败：${table} 第 ${seq} 行（${reason}）",
  },
  en: {
    "monitor.node_not_found": "Node not found (it may have stopped more than 7 days ago and been pruned)",
    "monitor.node_not_worker": "Only nodes with the worker role can be drained (this node's roles: ${roles})",
    "monitor.node_draining": "The node is already draining",
    "monitor.node_drained": "The node is already drained",
    "monitor.node_stopped": "The node has stopped",
    "monitor.node_silent": "The node is silent (no report for 30 s) and cannot take a drain request",
    "monitor.security.failures_per_address": "${count} failed sign-ins from ${address} within ${window}",
    "monitor.security.failures_per_account": "${count} failed sign-ins of account ${account} within ${window}",
    "monitor.security.many_addresses": "Account ${account} signed in from ${count} distinct addresses within ${window}",
    "monitor.security.mfa_disabled": "MFA of user ${user} was turned off (by ${actor})",
    "monitor.security.admin_granted": "User ${user} was granted ${role}, a role holding every permission (by ${actor})",
    "monitor.security.audit_verify_failed": "Audit chain check failed: ${table} row ${seq} (${reason})",
  },
};
