/** Shown to a chat user with no bound OPS account: how to bind, by one-time link or by code. */
import { DEFAULT_LOCALE, type ChatVia, type Locale } from "@ops/shared";
import { linkButton, type Block, type Card } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";

export type BindInstructionsData = {
  platform: ChatVia["platform"];
  /** one-time link into the app that binds this chat identity after sign-in */
  bindUrl?: string;
  expiresInMinutes?: number;
  /** the one-time code, shown when there is no link (no public URL known): typed in on the app's page */
  code?: string;
  /** how commands start here, for the "send bind <code>" alternative */
  prefix?: string;
};

export const bindInstructionsText: Dict = {
  "zh-CN": {
    title: "请先绑定 OPS 账号",
    subtitle: "绑定后即可在${platform}中运行任务、处理审批",
    summary: "请先绑定 OPS 账号",
    step_link: "1. 点击下方「绑定账号」，用 OPS 账号登录并确认（链接 ${minutes} 分钟内有效，仅限本人使用）",
    step_app: "1. 在这里发送 `${command}` 获取绑定链接，或在 OPS 应用中打开「聊天账号绑定」",
    step_enter_code: "1. 在 OPS 应用中打开「聊天账号绑定」，输入绑定码 **${code}** 并确认（${minutes} 分钟内有效，仅限本人使用）",
    sent_title: "绑定链接已私信发给你",
    sent_body: "一次性绑定链接只发给本人（${where}），请在那里查看；不要转发给他人",
    sent_where_slack: "仅你可见的消息",
    sent_where_feishu: "与机器人的单聊",
    sent_where_dingtalk: "与机器人的单聊",
    sent_where_web: "私信",
    step_code: "2. 链接过期或被他人打开时，发送 `${command}` 获取新的链接",
    step_done: "3. 绑定成功后发送 `${help}` 查看可用命令",
    bind: "绑定账号",
    open_app: "打开 OPS",
    platform_slack: "Slack",
    platform_feishu: "飞书",
    platform_dingtalk: "钉钉",
    platform_web: "聊天",
  },
  en: {
    title: "Bind your OPS account first",
    subtitle: "Then run jobs and handle approvals from ${platform}",
    summary: "Bind your OPS account first",
    step_link: "1. Tap \"Bind account\" below, sign in to OPS and confirm (the link works for ${minutes} minutes and only for you)",
    step_app: "1. Send `${command}` here for a binding link, or open Chat accounts in the OPS app",
    step_enter_code: "1. Open Chat accounts in the OPS app, enter the code **${code}** and confirm (it works for ${minutes} minutes and only for you)",
    sent_title: "Your binding link was sent to you privately",
    sent_body: "One-time binding links go only to the person who asked (${where}); look there, and do not pass it on",
    sent_where_slack: "a message only you can see",
    sent_where_feishu: "your 1:1 chat with the bot",
    sent_where_dingtalk: "your 1:1 chat with the bot",
    sent_where_web: "a private message",
    step_code: "2. If the link expired or someone else opened it, send `${command}` for a new one",
    step_done: "3. Once bound, send `${help}` to see what you can do",
    bind: "Bind account",
    open_app: "Open OPS",
    platform_slack: "Slack",
    platform_feishu: "Feishu",
    platform_dingtalk: "DingTalk",
    platform_web: "chat",
  },
};

export function bindInstructionsCard(data: BindInstructionsData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(bindInstructionsText, locale);
  const prefix = data.prefix === undefined ? "/ops" : data.prefix;
  const command = (words: string) => `${prefix} ${words}`.trim();
  const minutes = data.expiresInMinutes ?? 10;
  const first = data.bindUrl ? tr("step_link", { minutes }) : data.code ? tr("step_enter_code", { code: data.code, minutes }) : tr("step_app", { command: command("bind") });
  const steps = [
    first,
    tr("step_code", { command: command("bind") }),
    tr("step_done", { help: command("help") }),
  ];
  const blocks: Block[] = [
    { type: "markdown", text: steps.join("\n") },
    { type: "actions", buttons: [data.bindUrl ? linkButton(tr("bind"), data.bindUrl, "primary") : linkButton(tr("open_app"), "/account/bindings", "primary")] },
  ];
  return {
    locale,
    header: { title: tr("title"), subtitle: tr("subtitle", { platform: tr(`platform_${data.platform}`) }), tone: "info" },
    blocks,
    summary: tr("summary"),
    link: "/account/bindings",
  };
}

/** Said in a group when the bind link went to the user privately (it is a credential). */
export function bindSentCard(data: { platform: ChatVia["platform"] }, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(bindInstructionsText, locale);
  return {
    locale,
    header: { title: tr("sent_title"), tone: "info" },
    blocks: [{ type: "markdown", text: tr("sent_body", { where: tr(`sent_where_${data.platform}`) }) }],
    summary: tr("sent_title"),
  };
}
