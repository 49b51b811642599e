import type { Catalog } from "./catalog.ts";

/** Config center: built-in system tables (SMTP, IM credentials, security policy) and the fixes around records and change sets. */
export const configSystemMessages: Catalog = {
  "zh-CN": {
    "config.value.integer": "「${label}」必须是整数",
    "config.record_key_reserved": "「${key}」是保留字（导入、导出用），不能作为记录的键",
    "config.table.name_system": "以 system- 开头的名称留给系统内置表",
    "config.change_set_stale": "变更集已无法应用到当前数据（${problem}），未做任何改动；请重新提交",
    "config.system.smtp_unconfigured": "邮件服务器未设置（SMTP_URL 环境变量或 配置中心 → 系统设置 · 邮件）",
    "config.system.scheduled_by": "由 ${name} 安排的定时发布",
    "config.system_table_access": "系统表的可见范围、写入角色与审批设置是固定的（仅「修改安全设置」权限）",
    "config.system_im_bot_only": "即时通讯凭据只交给机器人自身，不回答任何用户或聊天账号",
  },
  en: {
    "config.value.integer": "\"${label}\" must be a whole number",
    "config.record_key_reserved": "\"${key}\" is reserved (import and export) and cannot be a record key",
    "config.table.name_system": "Names starting with system- are kept for the built-in tables",
    "config.change_set_stale": "The change set no longer applies to the current data (${problem}); nothing was changed. Submit it again",
    "config.system.smtp_unconfigured": "No mail server is set (SMTP_URL, or Config center → System settings · Mail)",
    "config.system.scheduled_by": "Scheduled release arranged by ${name}",
    "config.system_table_access": "A system table's readers, writers and approval are fixed (Change security settings only)",
    "config.system_im_bot_only": "IM credentials go to the bot itself only, never to a user or chat account",
  },
};
