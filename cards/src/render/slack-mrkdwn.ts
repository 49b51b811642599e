/**
 * CommonMark subset → Slack mrkdwn: **bold** → *bold*, *italic* / _italic_ → _italic_, ~~strike~~ → ~strike~,
 * [text](url) → <url|text>, "# heading" → *heading*. Slack needs &, < and > escaped everywhere, code included,
 * which also stops user text from forming <!channel>-style mentions.
 */
import { escapeAngles } from "../text.ts";

const CODE = /(```[\s\S]*?```|`[^`\n]*`)/;

export function toMrkdwn(markdown: string): string {
  return markdown
    .split(CODE)
    .map((part, i) => (i % 2 === 1 ? escapeAngles(part) : convertProse(escapeAngles(part))))
    .join("");
}

function convertProse(text: string): string {
  const links: string[] = [];
  // Park links first so the emphasis rules cannot reach into URLs.
  const parked = text.replace(/\[([^\]\n]*)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => {
    links.push(`<${url}|${label}>`);
    return `\uE000${links.length - 1}\uE000`;
  });
  return parked
    .replace(/^#{1,6}\s+(.+)$/gm, "**$1**")
    .replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, "$1_$2_")
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/~~([^~\n]+)~~/g, "~$1~")
    .replace(/\uE000(\d+)\uE000/g, (_, i: string) => links[Number(i)]!);
}

/** Plain text in a mrkdwn field: escaped, never formatted as a link or mention. */
export const slackPlain = (text: string): string => escapeAngles(text);
