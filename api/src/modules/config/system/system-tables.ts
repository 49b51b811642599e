import type { ConfigField, ConfigTable } from "@ops/shared/contracts/config.ts";
import { DEFAULT_SECURITY, SECURITY_RECORD, SECURITY_TABLE, securitySettingsSchema, type SecuritySettings } from "../../iam/index.ts";

export { SYSTEM_PREFIX, SYSTEM_SETTINGS_PERMISSION } from "../config.deps.ts";
export const SMTP_TABLE = "system-smtp";
export const IM_TABLE = "system-im";
export { SECURITY_RECORD, SECURITY_TABLE };
/** The one record of the SMTP table. */
export const SMTP_RECORD = "default";

export type SystemTableDef = Pick<ConfigTable, "name" | "display_name" | "description" | "fields" | "key_field">;

/** The SMTP and security tables hold one record, `default`. */
const nameField: ConfigField = { key: "name", type: "text", label: "名称", required: true, default: "default", regex: "^default$", regex_message: "只有一条记录：default" };

const smtp: SystemTableDef = {
  name: SMTP_TABLE,
  display_name: "系统设置 · 邮件（SMTP）",
  description: "通知中心邮件渠道的发信服务器；未设置 SMTP_URL 环境变量时生效（环境变量优先）。记录 default。",
  key_field: "name",
  fields: [
    nameField,
    { key: "host", type: "text", label: "服务器", required: true, max_length: 253 },
    { key: "port", type: "number", label: "端口", required: true, min: 1, max: 65535, scale: 0, default: 587 },
    { key: "secure", type: "switch", label: "SSL/TLS 直连（465）", default: false },
    { key: "user", type: "text", label: "用户名", max_length: 254 },
    { key: "password", type: "text", label: "密码", secret: true },
    { key: "from", type: "text", label: "发件人", required: true, max_length: 254, default: "OPS <noreply@localhost>" },
    { key: "enabled", type: "switch", label: "启用", default: true },
  ],
};

const im: SystemTableDef = {
  name: IM_TABLE,
  display_name: "系统设置 · 即时通讯凭据",
  description: "Slack / 飞书 / 钉钉 应用凭据，每个平台一条记录；加密保存，只显示已设置与否。某平台未设置凭据环境变量时，机器人启动时读取此处已启用的记录（环境变量优先）；修改后在机器人下次启动时生效。",
  key_field: "platform",
  fields: [
    {
      key: "platform", type: "select", label: "平台", required: true,
      options: [{ value: "slack", label: "Slack" }, { value: "feishu", label: "飞书 Feishu/Lark" }, { value: "dingtalk", label: "钉钉 DingTalk" }],
    },
    { key: "app_id", type: "text", label: "App ID / Client ID", max_length: 200 },
    { key: "app_secret", type: "text", label: "App Secret / Client Secret", secret: true },
    { key: "bot_token", type: "text", label: "Bot Token（Slack）", secret: true },
    { key: "app_token", type: "text", label: "App-Level Token（Slack Socket Mode）", secret: true },
    { key: "signing_secret", type: "text", label: "签名密钥 / Verification token", secret: true },
    { key: "encrypt_key", type: "text", label: "加密密钥（飞书 Encrypt Key）", secret: true },
    { key: "enabled", type: "switch", label: "启用", default: true },
  ],
};

const SECURITY_LABELS: Record<keyof SecuritySettings, string> = {
  password_min_length: "密码最短长度",
  password_min_classes: "密码字符类别数（大写、小写、数字、符号）",
  password_history: "不得重复最近几次密码",
  password_expiry_days: "密码有效期（天，0 不过期）",
  lockout_threshold: "连续失败几次锁定",
  lockout_minutes: "锁定时长（分钟）",
  access_token_minutes: "访问令牌有效期（分钟）",
  refresh_token_days: "刷新令牌有效期（天）",
  idle_timeout_minutes: "空闲超时（分钟）",
  max_sessions_per_user: "每人最多会话数",
  login_rate_per_minute: "每分钟登录尝试上限",
};

/** The policy's fields from IAM's own rules (bounds and defaults), so the table and PUT /settings/security agree. */
function securityFields(): ConfigField[] {
  return Object.entries(securitySettingsSchema.shape).map(([key, rule]) => {
    const n = rule.unwrap() as unknown as { minValue: number | null; maxValue: number | null };
    return {
      key, type: "number" as const, label: SECURITY_LABELS[key as keyof SecuritySettings] ?? key, required: true, scale: 0,
      ...(n.minValue !== null ? { min: n.minValue } : {}), ...(n.maxValue !== null ? { max: n.maxValue } : {}),
      default: DEFAULT_SECURITY[key as keyof SecuritySettings],
    };
  });
}

const security: SystemTableDef = {
  name: SECURITY_TABLE,
  display_name: "系统设置 · 安全策略",
  description: "密码规则、登录锁定、令牌与会话时长（即 安全设置 页面与 /api/v1/settings/security 的数据），记录 default；保存后所有进程在下一次请求时生效。",
  key_field: "name",
  fields: [nameField, ...securityFields()],
};

export const SYSTEM_TABLES: readonly SystemTableDef[] = [smtp, im, security];
