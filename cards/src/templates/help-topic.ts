/** `help <command>`: that command's help page in short (title, summary, examples) with links to the page and the help center. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { linkButton, type Block, type Card } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { escapeMarkdownChars } from "../text.ts";

export type HelpTopicData = {
  /** the help page's title and summary (plain text) */
  title: string;
  summary: string;
  /** command lines as a user would send them */
  examples: string[];
  /** the page: an absolute URL or an app path (`/help/command-run`) */
  url: string;
  /** the help center (default `/help`) */
  helpUrl?: string;
  /** set when the reader may not use this command: the permission it needs */
  missingPermission?: string;
};

export const helpTopicText: Dict = {
  "zh-CN": {
    subtitle: "命令帮助",
    examples: "示例",
    forbidden: "你目前没有使用这个命令的权限（需要 ${permission}），如需使用请联系管理员。",
    open_page: "查看完整说明",
    open_help: "打开帮助中心",
    more: "更多用法见应用内帮助",
  },
  en: {
    subtitle: "Command help",
    examples: "Examples",
    forbidden: "You may not use this command yet (it needs ${permission}); ask an admin if you need it.",
    open_page: "Read the full page",
    open_help: "Open the help center",
    more: "More in the in-app help",
  },
};

export function helpTopicCard(data: HelpTopicData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(helpTopicText, locale);
  // Examples are code: a stray fence inside one must not end the block early.
  const examples = data.examples.map((e) => e.replace(/`/g, "'")).filter(Boolean);
  const blocks: Block[] = [{ type: "markdown", text: escapeMarkdownChars(data.summary) }];
  if (examples.length) blocks.push({ type: "markdown", text: `**${tr("examples")}**\n\`\`\`\n${examples.join("\n")}\n\`\`\`` });
  if (data.missingPermission) blocks.push({ type: "context", text: tr("forbidden", { permission: `\`${data.missingPermission}\`` }) });
  blocks.push({ type: "context", text: tr("more") });
  blocks.push({ type: "actions", buttons: [linkButton(tr("open_page"), data.url, "primary"), linkButton(tr("open_help"), data.helpUrl ?? "/help")] });
  return {
    locale,
    header: { title: data.title, subtitle: tr("subtitle"), tone: "info" },
    blocks,
    summary: `${data.title}: ${data.summary}`,
    link: data.url,
  };
}
