import type { Catalog } from "./catalog.ts";

/**
 * The one catalogue of audit action names, keyed by the `module.action` the audit rows carry
 * (`defineRoute` module + action, or the action a service notes). Used by the PWA's audit pages
 * and the API's list and CSV export; an action missing here shows as its raw code.
 * A test checks that every mutating route (and every audited read) has a name here.
 */
export const AUDIT_ACTIONS: Record<string, { "zh-CN": string; en: string }> = {
  // audit
  "audit.log.export": { "zh-CN": "导出审计日志", en: "Export audit log" },
  "audit.log.archive": { "zh-CN": "归档审计日志", en: "Archive audit log" },
  "audit.log.list": { "zh-CN": "查看审计日志", en: "View audit log" },
  "audit.login-log.list": { "zh-CN": "查看登录日志", en: "View login log" },
  "audit.chain.verify": { "zh-CN": "校验审计日志链", en: "Verify audit chain" },
  // chat console
  "chat.console.command": { "zh-CN": "执行聊天命令", en: "Run chat command" },
  "chat.console.action": { "zh-CN": "点击卡片按钮", en: "Press card button" },
  // sign-in, profile, MFA
  "iam.auth.login": { "zh-CN": "用户登录", en: "Sign in" },
  "iam.auth.logout": { "zh-CN": "退出登录", en: "Sign out" },
  "iam.auth.refresh": { "zh-CN": "刷新登录凭证", en: "Refresh session" },
  "iam.auth.me.update": { "zh-CN": "修改个人资料", en: "Update profile" },
  "iam.auth.password.change": { "zh-CN": "修改密码", en: "Change password" },
  "iam.auth.mfa.setup": { "zh-CN": "开始绑定两步验证", en: "Start MFA setup" },
  "iam.auth.mfa.enable": { "zh-CN": "启用两步验证", en: "Enable MFA" },
  "iam.auth.mfa.disable": { "zh-CN": "停用两步验证", en: "Disable MFA" },
  "iam.auth.mfa.verify": { "zh-CN": "两步验证登录", en: "Sign in with MFA" },
  "iam.auth.mfa.recovery-codes": { "zh-CN": "重新生成恢复码", en: "Regenerate recovery codes" },
  "iam.sso.start": { "zh-CN": "发起单点登录", en: "Start SSO sign-in" },
  "iam.sso.callback": { "zh-CN": "单点登录回调", en: "SSO callback" },
  "iam.sso.exchange": { "zh-CN": "单点登录", en: "SSO sign-in" },
  // users, departments, roles
  "iam.user.create": { "zh-CN": "创建用户", en: "Create user" },
  "iam.user.update": { "zh-CN": "修改用户", en: "Update user" },
  "iam.user.delete": { "zh-CN": "删除用户", en: "Delete user" },
  "iam.user.reset-password": { "zh-CN": "重置密码", en: "Reset password" },
  "iam.user.unlock": { "zh-CN": "解锁账号", en: "Unlock account" },
  "iam.user.import": { "zh-CN": "导入用户", en: "Import users" },
  "iam.user.export": { "zh-CN": "导出用户", en: "Export users" },
  "iam.user.import-template": { "zh-CN": "下载用户导入模板", en: "Download user import template" },
  "iam.dept.create": { "zh-CN": "创建部门", en: "Create department" },
  "iam.dept.update": { "zh-CN": "修改部门", en: "Update department" },
  "iam.dept.delete": { "zh-CN": "删除部门", en: "Delete department" },
  "iam.role.create": { "zh-CN": "创建角色", en: "Create role" },
  "iam.role.update": { "zh-CN": "修改角色", en: "Update role" },
  "iam.role.delete": { "zh-CN": "删除角色", en: "Delete role" },
  // sessions, settings
  "iam.session.end-mine": { "zh-CN": "结束自己的会话", en: "End own session" },
  "iam.session.kick": { "zh-CN": "强制下线会话", en: "Kick session" },
  "iam.session.kick-user": { "zh-CN": "强制用户下线", en: "Kick user" },
  "iam.settings.security.update": { "zh-CN": "修改安全设置", en: "Update security settings" },
  // chat accounts
  "iam.im.bind_request": { "zh-CN": "申请绑定聊天账号", en: "Request chat account binding" },
  "iam.im.bind": { "zh-CN": "绑定聊天账号", en: "Bind chat account" },
  "iam.im.unbind": { "zh-CN": "解绑聊天账号", en: "Unbind chat account" },
  // help center
  "help.page.create": { "zh-CN": "新建帮助页面", en: "Create help page" },
  "help.page.update": { "zh-CN": "修改帮助页面", en: "Edit help page" },
  "help.page.revert": { "zh-CN": "恢复帮助页面版本", en: "Revert help page" },
  "help.page.delete": { "zh-CN": "删除或重置帮助页面", en: "Delete or reset help page" },
  // jobs
  "jobs.create": { "zh-CN": "新建作业", en: "Create job" },
  "jobs.update": { "zh-CN": "修改作业", en: "Update job" },
  "jobs.delete": { "zh-CN": "删除作业", en: "Delete job" },
  "jobs.export": { "zh-CN": "导出作业定义", en: "Export job definitions" },
  "jobs.import": { "zh-CN": "导入作业定义", en: "Import job definitions" },
  "jobs.pause": { "zh-CN": "暂停作业", en: "Pause job" },
  "jobs.resume": { "zh-CN": "恢复作业", en: "Resume job" },
  "jobs.run": { "zh-CN": "运行作业", en: "Run job" },
  "jobs.backfill": { "zh-CN": "补数据", en: "Backfill job" },
  "jobs.runs.cancel": { "zh-CN": "取消作业运行", en: "Cancel job run" },
  "jobs.runs.retry": { "zh-CN": "重试作业运行", en: "Retry job run" },
  "jobs.runs.log-ticket": { "zh-CN": "打开运行日志流", en: "Open run log stream" },
  "jobs.next-fires-preview": { "zh-CN": "预览调度触发时间", en: "Preview schedule fires" },
  "jobs.scheduler.pause": { "zh-CN": "暂停全部调度", en: "Pause all schedules" },
  "jobs.scheduler.resume": { "zh-CN": "恢复全部调度", en: "Resume all schedules" },
  "jobs.runs.purge": { "zh-CN": "清理过期运行记录", en: "Purge old job runs" },
  // flows
  "flows.create": { "zh-CN": "新建流程", en: "Create flow" },
  "flows.update": { "zh-CN": "修改流程", en: "Update flow" },
  "flows.delete": { "zh-CN": "删除流程", en: "Delete flow" },
  "flows.validate": { "zh-CN": "校验流程图", en: "Validate flow graph" },
  "flows.run": { "zh-CN": "运行流程", en: "Run flow" },
  "flows.runs.cancel": { "zh-CN": "取消流程运行", en: "Cancel flow run" },
  "flows.runs.purge": { "zh-CN": "清理过期流程运行", en: "Purge old flow runs" },
  "flows.runs.retry": { "zh-CN": "从失败节点重试流程运行", en: "Retry flow run from failed nodes" },
  "flows.runs.continue": { "zh-CN": "处理等待节点", en: "Decide wait node" },
  // approvals
  "approvals.definitions.create": { "zh-CN": "新建审批定义", en: "Create approval definition" },
  "approvals.definitions.update": { "zh-CN": "修改审批定义", en: "Update approval definition" },
  "approvals.definitions.delete": { "zh-CN": "删除审批定义", en: "Delete approval definition" },
  "approvals.definitions.publish": { "zh-CN": "发布审批定义", en: "Publish approval definition" },
  "approvals.definitions.archive": { "zh-CN": "归档审批定义", en: "Archive approval definition" },
  "approvals.start": { "zh-CN": "发起审批", en: "Start approval" },
  "approvals.withdraw": { "zh-CN": "撤回审批", en: "Withdraw approval" },
  "approvals.comment": { "zh-CN": "评论审批", en: "Comment on approval" },
  "approvals.tasks.approve": { "zh-CN": "同意审批", en: "Approve" },
  "approvals.tasks.reject": { "zh-CN": "拒绝审批", en: "Reject" },
  "approvals.tasks.transfer": { "zh-CN": "转交审批", en: "Transfer approval task" },
  "approvals.tasks.add-approver": { "zh-CN": "加签", en: "Add approver" },
  "approvals.tasks.urge": { "zh-CN": "催办审批", en: "Urge approver" },
  "approvals.tasks.read": { "zh-CN": "抄送已读", en: "Read approval copy" },
  // tickets
  "tickets.create": { "zh-CN": "新建工单", en: "Open ticket" },
  "tickets.transition": { "zh-CN": "变更工单状态", en: "Change ticket status" },
  "tickets.comment": { "zh-CN": "评论工单", en: "Comment on ticket" },
  // feedback
  "feedback.create": { "zh-CN": "提交反馈", en: "Submit feedback" },
  "feedback.transition": { "zh-CN": "变更反馈状态", en: "Change feedback status" },
  "feedback.comment": { "zh-CN": "回复反馈", en: "Reply to feedback" },
  "feedback.assign": { "zh-CN": "指派反馈处理人", en: "Assign feedback" },
  // notifications
  "notify.send": { "zh-CN": "发送通知", en: "Send notification" },
  "notify.template.create": { "zh-CN": "创建通知模板", en: "Create notification template" },
  "notify.template.update": { "zh-CN": "修改通知模板", en: "Update notification template" },
  "notify.template.delete": { "zh-CN": "删除通知模板", en: "Delete notification template" },
  "notify.template.preview": { "zh-CN": "预览通知模板", en: "Preview notification template" },
  "notify.blacklist.add": { "zh-CN": "加入通知黑名单", en: "Add to notification blocklist" },
  "notify.blacklist.remove": { "zh-CN": "移出通知黑名单", en: "Remove from notification blocklist" },
  "notify.webhook.create": { "zh-CN": "创建 Webhook", en: "Create webhook" },
  "notify.webhook.delete": { "zh-CN": "删除 Webhook", en: "Delete webhook" },
  "notify.inbox.read": { "zh-CN": "标记通知已读", en: "Mark notification read" },
  "notify.inbox.read-all": { "zh-CN": "全部标记已读", en: "Mark all notifications read" },
  "notify.inbox.stream-ticket": { "zh-CN": "打开通知推送流", en: "Open notification stream" },
  "notify.preferences.update": { "zh-CN": "修改通知偏好", en: "Update notification preferences" },
  "notify.push.subscribe": { "zh-CN": "订阅浏览器推送", en: "Subscribe to push" },
  "notify.push.unsubscribe": { "zh-CN": "取消浏览器推送", en: "Unsubscribe from push" },
  "notify.unsubscribe": { "zh-CN": "退订通知邮件", en: "Unsubscribe from emails" },
  "notify.im.message.record": { "zh-CN": "记录聊天消息", en: "Record chat message" },
  "notify.im.delivery.result": { "zh-CN": "回报聊天投递结果", en: "Report chat delivery" },
  // requests no route matched
  "http.unmatched": { "zh-CN": "未知接口请求", en: "Request to unknown endpoint" },
};

export const auditActionMessages: Catalog = {
  "zh-CN": Object.fromEntries(Object.entries(AUDIT_ACTIONS).map(([k, v]) => [`audit.action.${k}`, v["zh-CN"]])),
  en: Object.fromEntries(Object.entries(AUDIT_ACTIONS).map(([k, v]) => [`audit.action.${k}`, v.en])),
};
