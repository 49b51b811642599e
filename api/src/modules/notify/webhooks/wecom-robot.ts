import { retryableStatus, TransportError, type WebhookTransport } from "../../../platform/notify-transports/ports.ts";
import { ChannelFailure } from "../channels/index.ts";

/**
 * A WeCom (企业微信) group robot: `POST …/cgi-bin/webhook/send?key=…` with `{msgtype: "markdown", markdown: {content}}`;
 * it answers HTTP 200 with `{errcode, errmsg}`, errcode 0 on success. Markdown cannot @ by mobile, so a robot with an
 * @ list sends a short text message after it with `mentioned_mobile_list`.
 */

/** WeCom's limit for a markdown message (bytes of UTF-8); longer content is cut at a character boundary. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
/** errcodes worth another attempt: 45009 "api freq out of limit" (20 messages a minute per robot), -1 busy. */
const RETRYABLE_ERRCODES = new Set([45009, -1]);

/** The robot URL with its key hidden, for lists and logs. */
export function maskRobotUrl(url: string): string {
  const u = new URL(url);
  const key = u.searchParams.get("key") ?? "";
  u.searchParams.set("key", `${key.slice(0, 4)}••••`);
  return u.toString().replace(/%E2%80%A2/g, "•");
}

export function robotMarkdown(message: { title: string; body: string }, link: string | null): string {
  const lines = [`**${escapeMarkdown(message.title)}**`];
  if (message.body) lines.push(escapeMarkdown(message.body));
  if (link) lines.push(`[查看详情 / Details](${link})`);
  return cutBytes(lines.join("\n"), WECOM_MARKDOWN_MAX_BYTES);
}

export async function postWecomRobot(p: {
  url: string; content: string; mentions: string[]; transport: WebhookTransport; timeoutMs?: number;
}): Promise<{ target: string }> {
  await send(p, { msgtype: "markdown", markdown: { content: p.content } });
  if (p.mentions.length) await send(p, { msgtype: "text", text: { content: "↑", mentioned_mobile_list: p.mentions } });
  return { target: `wecom:${new URL(p.url).host}` };
}

async function send(p: { url: string; transport: WebhookTransport; timeoutMs?: number }, message: unknown): Promise<void> {
  let answer: { status: number; body?: string };
  try {
    answer = await p.transport.post(p.url, {
      headers: { "content-type": "application/json", "user-agent": "OPS-Robot/1" }, body: JSON.stringify(message), timeoutMs: p.timeoutMs, responseBytes: 2048,
    });
  } catch (error) {
    if (error instanceof TransportError) throw new ChannelFailure("notify.transport_error", error.retryable, error.message);
    throw new ChannelFailure("notify.transport_error", true, `wecom: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (answer.status < 200 || answer.status >= 300) throw new ChannelFailure("notify.transport_error", retryableStatus(answer.status), `wecom ${answer.status}`);
  const result = parse(answer.body);
  if (result.errcode !== 0) {
    throw new ChannelFailure("notify.transport_error", RETRYABLE_ERRCODES.has(result.errcode), `wecom errcode ${result.errcode}: ${result.errmsg}`);
  }
}

function parse(body: string | undefined): { errcode: number; errmsg: string } {
  try {
    const json = JSON.parse(body ?? "") as { errcode?: unknown; errmsg?: unknown };
    return { errcode: typeof json.errcode === "number" ? json.errcode : -1, errmsg: String(json.errmsg ?? "") };
  } catch {
    return { errcode: -1, errmsg: "unreadable answer" };
  }
}

/** WeCom markdown has no escape for every character; keep what would start a link or a mention from being read as one. */
function escapeMarkdown(text: string): string {
  return text.replace(/<@/g, "< @");
}

function cutBytes(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= max) return text;
  let cut = new TextDecoder().decode(bytes.slice(0, max - 3));
  if (cut.endsWith("\uFFFD")) cut = cut.slice(0, -1);
  return `${cut}…`;
}
