import { api } from "./client.ts";

/** generic: signed JSON to any https endpoint; wecom: a 企业微信 group robot (markdown, @ by mobile). */
export type NotifyWebhookKind = "generic" | "wecom";
export const NOTIFY_WEBHOOK_KINDS: NotifyWebhookKind[] = ["generic", "wecom"];

/** A notification webhook as `GET /notify/webhooks` lists it (a robot's URL comes masked: its key is the secret). */
export type NotifyWebhook = {
  id: string; name: string; kind: NotifyWebhookKind; url: string; types: string[]; enabled: boolean; mentions: string[]; created_at: string; updated_at: string;
};
export type NotifyWebhookInput = { name: string; kind: NotifyWebhookKind; url: string; types: string[]; enabled?: boolean; mentions?: string[] };

/** Notification webhooks and group robots (notify:manage). A generic one's signing secret is in the create answer only. */
export const notifyWebhooksApi = {
  list: () => api.get<NotifyWebhook[]>("/notify/webhooks"),
  create: (input: NotifyWebhookInput) => api.post<NotifyWebhook & { secret?: string }>("/notify/webhooks", input),
  remove: (id: string) => api.del<unknown>(`/notify/webhooks/${encodeURIComponent(id)}`),
};
