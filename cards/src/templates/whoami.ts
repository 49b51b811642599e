/** Who the bot thinks you are: the OPS account bound to this chat identity. */
import { DEFAULT_LOCALE, type ChatVia, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Card, type Field } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

export type WhoamiData = {
  displayName: string;
  username: string;
  deptName?: string | null;
  roles: string[];
  platform: ChatVia["platform"];
  externalUserId: string;
  mfaEnabled?: boolean;
  boundAt?: string;
  timeZone?: string;
};

/**
 * `unbind`: whether the card offers 解除绑定 (default: yes for a chat account, no in the web console,
 * where the user is signed in directly and there is no chat binding to undo).
 */
export type WhoamiOptions = { unbind?: boolean };

export const whoamiText: Dict = {
  "zh-CN": {
    title: "${name}（${username}）",
    subtitle: "已绑定 OPS 账号",
    summary: "当前账号：${name}",
    dept: "部门",
    roles: "角色",
    none: "无",
    platform: "聊天身份",
    mfa: "两步验证",
    mfa_on: "已开启",
    mfa_off: "未开启",
    bound_at: "绑定时间",
    unbind: "解除绑定",
    unbind_confirm_title: "确认解除绑定？",
    unbind_confirm_text: "解除后需要重新绑定才能在聊天中操作。",
    profile: "个人中心",
    platform_slack: "Slack",
    platform_feishu: "飞书",
    platform_dingtalk: "钉钉",
    platform_web: "网页",
  },
  en: {
    title: "${name} (${username})",
    subtitle: "Bound OPS account",
    summary: "Signed in as ${name}",
    dept: "Department",
    roles: "Roles",
    none: "None",
    platform: "Chat identity",
    mfa: "Two-step verification",
    mfa_on: "On",
    mfa_off: "Off",
    bound_at: "Bound",
    unbind: "Unbind",
    unbind_confirm_title: "Unbind this account?",
    unbind_confirm_text: "You will need to bind again to act from chat.",
    profile: "Profile",
    platform_slack: "Slack",
    platform_feishu: "Feishu",
    platform_dingtalk: "DingTalk",
    platform_web: "Web",
  },
};

export function whoamiCard(data: WhoamiData, locale: Locale = DEFAULT_LOCALE, opts: WhoamiOptions = {}): Card {
  const tr = translator(whoamiText, locale);
  const unbind = opts.unbind ?? data.platform !== "web";
  const fields: Field[] = [
    { label: tr("dept"), value: data.deptName || tr("none") },
    { label: tr("roles"), value: data.roles.length ? data.roles.join(locale === "en" ? ", " : "、") : tr("none") },
    { label: tr("platform"), value: `${tr(`platform_${data.platform}`)} · ${data.externalUserId}` },
  ];
  if (data.mfaEnabled !== undefined) fields.push({ label: tr("mfa"), value: tr(data.mfaEnabled ? "mfa_on" : "mfa_off") });
  if (data.boundAt) fields.push({ label: tr("bound_at"), value: formatTime(data.boundAt, data.timeZone) });
  return {
    locale,
    header: { title: tr("title", { name: data.displayName, username: data.username }), subtitle: tr("subtitle"), tone: "info" },
    blocks: [
      { type: "fields", fields },
      {
        type: "actions",
        buttons: [
          linkButton(tr("profile"), "/profile"),
          ...(unbind
            ? [actionButton(tr("unbind"), "identity.unbind", { platform: data.platform }, {
              style: "danger",
              confirm: { title: tr("unbind_confirm_title"), text: tr("unbind_confirm_text") },
            })]
            : []),
        ],
      },
    ],
    summary: tr("summary", { name: data.displayName }),
    link: "/profile",
  };
}
