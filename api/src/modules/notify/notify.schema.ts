import { z } from "@hono/zod-openapi";
import { LOCALES, RECIPIENT_CHANNELS, type RecipientChannel } from "@ops/shared";
import { listQuery } from "../../http/list-query.ts";

/** Channels a recipient can be reached on (shared with the PWA); in-app is the inbox itself, the others are deliveries. */
export { RECIPIENT_CHANNELS, type RecipientChannel };
export type OutboundChannel = Exclude<RecipientChannel, "inapp">;
export const OUTBOUND_CHANNELS: OutboundChannel[] = ["im", "push", "email", "sms"];
/** Every channel a delivery (and so a send-log row) can have. */
export type DeliveryChannel = OutboundChannel | "webhook";

/** on: delivered; fallback: only when an earlier channel failed for good; off: never (unless critical). */
export const CHANNEL_MODES = ["on", "fallback", "off"] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];
export type ChannelModes = Record<RecipientChannel, ChannelMode>;

export const DEFAULT_ORDER: OutboundChannel[] = ["im", "push", "email", "sms"];
export const DEFAULT_MODES: ChannelModes = { inapp: "on", im: "on", push: "on", email: "on", sms: "fallback" };

/** Lower-case dotted names such as `job.failed` or `approval.requested`. */
export const notifyType = z.string().regex(/^[a-z][a-z0-9_.:-]{0,99}$/, "notify.invalid_type");

const modes = z.object({
  inapp: z.enum(CHANNEL_MODES).optional(),
  im: z.enum(CHANNEL_MODES).optional(),
  push: z.enum(CHANNEL_MODES).optional(),
  email: z.enum(CHANNEL_MODES).optional(),
  sms: z.enum(CHANNEL_MODES).optional(),
}).strict();

export const sendBody = z.object({
  type: notifyType,
  recipients: z.array(z.string().min(1).max(64)).max(1000),
  data: z.record(z.string(), z.unknown()).default({}),
  critical: z.boolean().default(false),
  /** the sender limits the outbound channels to these (a report subscription's im/email); preferences still apply within */
  channels: z.array(z.enum(OUTBOUND_CHANNELS as [OutboundChannel, ...OutboundChannel[]])).min(1).max(4).optional(),
  /** webhooks and group robots (ids) that get this event besides those subscribed to its type (an alert rule's robots) */
  webhooks: z.array(z.string().min(1).max(64)).max(50).optional(),
}).refine((b) => b.recipients.length > 0 || (b.webhooks?.length ?? 0) > 0, { message: "notify.no_recipients", path: ["recipients"] });
export type SendInput = z.infer<typeof sendBody>;

export const inboxQuery = listQuery.extend({
  unread: z.enum(["true", "false"]).optional(),
  type: z.string().max(100).optional(),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

export const preferencesBody = z.object({
  order: z.array(z.enum(OUTBOUND_CHANNELS as [OutboundChannel, ...OutboundChannel[]])).min(1).max(4)
    .refine((o) => new Set(o).size === o.length, "notify.duplicate_channel").optional(),
  defaults: z.object({ channels: modes.optional(), digest: z.boolean().optional() }).strict().optional(),
  types: z.array(z.object({ type: notifyType, channels: modes.optional(), digest: z.boolean().nullable().optional() }).strict())
    .max(200).optional(),
}).strict();
export type PreferencesInput = z.infer<typeof preferencesBody>;

export const pushSubscriptionBody = z.object({
  endpoint: z.url().max(2000).refine((u) => u.startsWith("https://"), "notify.push_endpoint_https"),
  keys: z.object({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionBody>;

export const TEMPLATE_CHANNELS = ["default", ...RECIPIENT_CHANNELS] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export const templateBody = z.object({
  type: z.union([notifyType, z.literal("digest")]),
  channel: z.enum(TEMPLATE_CHANNELS).default("default"),
  locale: z.enum(LOCALES as ["zh-CN", "en"]).default("zh-CN"),
  title: z.string().min(1).max(500),
  body: z.string().max(20_000).default(""),
});
export type TemplateInput = z.infer<typeof templateBody>;

export const templateVersionBody = z.object({ title: z.string().min(1).max(500), body: z.string().max(20_000).default("") });

export const templateQuery = listQuery.extend({
  type: z.string().max(100).optional(),
  channel: z.enum(TEMPLATE_CHANNELS).optional(),
  locale: z.enum(LOCALES as ["zh-CN", "en"]).optional(),
});
export type TemplateQuery = z.infer<typeof templateQuery>;

export const previewBody = z.object({
  template_id: z.string().max(64).optional(),
  version: z.number().int().min(1).optional(),
  title: z.string().max(500).optional(),
  body: z.string().max(20_000).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});

export const SEND_LOG_STATUSES = ["sending", "sent", "retry", "failed", "deferred", "blocked"] as const;
export type SendLogStatus = (typeof SEND_LOG_STATUSES)[number];

export const logQuery = listQuery.extend({
  user_id: z.string().max(64).optional(),
  event_id: z.string().max(64).optional(),
  delivery_id: z.string().max(64).optional(),
  type: z.string().max(100).optional(),
  channel: z.enum(["im", "push", "email", "sms", "webhook"]).optional(),
  status: z.enum(SEND_LOG_STATUSES).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type LogQuery = z.infer<typeof logQuery>;

export const blacklistBody = z.object({
  user_id: z.string().max(64).optional(),
  address: z.string().min(3).max(320).optional(),
  channel: z.enum(["*", ...RECIPIENT_CHANNELS]).default("*"),
  type: z.union([notifyType, z.literal("*")]).default("*"),
  reason: z.string().max(500).optional(),
}).refine((b) => Boolean(b.user_id) !== Boolean(b.address), { message: "notify.blacklist_target", path: ["user_id"] });
export type BlacklistInput = z.infer<typeof blacklistBody>;

/** generic: signed JSON to any endpoint; wecom: a WeCom (企业微信) group robot, markdown with @ by mobile. */
export const WEBHOOK_KINDS = ["generic", "wecom"] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export const webhookBody = z.object({
  name: z.string().min(1).max(100),
  kind: z.enum(WEBHOOK_KINDS).default("generic"),
  url: z.url().max(2000).refine((u) => /^https?:\/\//.test(u), "notify.webhook_url"),
  types: z.array(z.union([notifyType, z.literal("*")])).min(1).max(100),
  enabled: z.boolean().default(true),
  /** a robot's @ list: mainland mobiles (or "@all"); ignored for generic webhooks */
  mentions: z.array(z.string().regex(/^(?:\+?\d{6,20}|@all)$/, "notify.robot_mention")).max(50).default([]),
}).superRefine((b, ctx) => {
  if (b.kind === "wecom" && !isWecomRobotUrl(b.url)) ctx.addIssue({ code: "custom", message: "notify.robot_url", path: ["url"] });
});

/** A WeCom robot's address: `…/cgi-bin/webhook/send?key=<key>` (the host may be a proxy or a stand-in). */
export function isWecomRobotUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.pathname.endsWith("/cgi-bin/webhook/send") && /^[\w-]{8,128}$/.test(u.searchParams.get("key") ?? "");
  } catch {
    return false;
  }
}
export type WebhookInput = z.infer<typeof webhookBody>;

export const idParam = z.object({ id: z.string().min(1).max(64) });
