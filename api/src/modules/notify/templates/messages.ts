import type { Recipient, RenderedMessage } from "../channels/index.ts";
import { notifyText, renderTemplate } from "./render.ts";
import type { Templates } from "./templates.ts";
import type { TemplateChannel } from "../notify.schema.ts";

/** A stored event (or digest) as the renderer needs it. */
export type NotifyEventRecord = {
  id: string;
  kind: "event" | "digest";
  type: string;
  data: Record<string, unknown>;
  critical: boolean;
  created_at: string;
};

export type DigestItem = { title: string; body: string; created_at: string };

/**
 * The text one recipient gets on one channel: the best template for the type, channel and their
 * language, else the caller's own `data.title` / `data.body`. A digest lists its events' titles.
 */
export async function composeMessage(
  templates: Templates,
  event: NotifyEventRecord,
  recipient: Recipient,
  channel: TemplateChannel,
): Promise<RenderedMessage> {
  if (event.kind === "digest") return composeDigest(templates, event, recipient, channel);
  const vars = { ...event.data, type: event.type, recipient: { name: recipient.displayName, username: recipient.username } };
  const template = await templates.resolve(event.type, channel, recipient.locale);
  if (template) return { title: renderTemplate(template.title, vars).text, body: renderTemplate(template.body, vars).text };
  return {
    title: text(event.data.title) ?? event.type,
    body: text(event.data.body) ?? text(event.data.message) ?? "",
  };
}

async function composeDigest(templates: Templates, event: NotifyEventRecord, recipient: Recipient, channel: TemplateChannel): Promise<RenderedMessage> {
  const items = (event.data.items as DigestItem[] | undefined) ?? [];
  const type = String(event.data.type ?? event.type);
  const list = items.map((i) => notifyText(recipient.locale, "notify.digest.item", i)).join("\n");
  const vars = { count: items.length, type, items: list };
  const template = await templates.resolve("digest", channel, recipient.locale);
  if (template) return { title: renderTemplate(template.title, vars).text, body: renderTemplate(template.body, vars).text };
  return { title: notifyText(recipient.locale, "notify.digest.title", vars), body: list };
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}
