/** Adapters for the notification center's transports; the wiring picks them from env. */
import type { Agent } from "node:https";
import type { MailTransport, PushTransport, SmsTransport, WebhookTransport } from "./ports.ts";
import { createHttpSmsTransport } from "./sms-http.ts";
import { createSmtpTransport } from "./smtp.ts";
import { createWebPushTransport } from "./web-push.ts";
import { createWebhookTransport } from "./webhook-http.ts";

export * from "./ports.ts";
export { createSmtpTransport, type SmtpOptions } from "./smtp.ts";
export { createWebPushTransport, type WebPushOptions } from "./web-push.ts";
export { createHttpSmsTransport, type HttpSmsOptions } from "./sms-http.ts";
export { createWebhookTransport, type Lookup, type WebhookTransportOptions } from "./webhook-http.ts";
export { isPrivateAddress } from "./private-address.ts";

export type TransportConfig = {
  /** SMTP_URL; without it the email channel fails over at once. */
  smtpUrl?: string;
  smtpFrom: string;
  /** OPS_SMS_URL; without it the SMS channel fails over at once. */
  smsUrl?: string;
  smsToken?: string;
  smsSender?: string;
  /** For a push service with a private CA (local stand-ins). */
  pushAgent?: Agent;
  /** OPS_WEBHOOK_ALLOW_PRIVATE: webhooks may reach loopback and private addresses. */
  webhookAllowPrivate?: boolean;
  /** OPS_WEBHOOK_ALLOW_HOSTS: private hosts and ranges webhooks may reach anyway. */
  webhookAllowHosts?: readonly string[];
};

/** Web Push needs no configuration (VAPID keys live in the store); email and SMS need their endpoints. */
export function createNotifyTransports(config: TransportConfig): { mail?: MailTransport; push: PushTransport; sms?: SmsTransport; webhook: WebhookTransport } {
  return {
    mail: config.smtpUrl ? createSmtpTransport({ url: config.smtpUrl, from: config.smtpFrom }) : undefined,
    push: createWebPushTransport({ agent: config.pushAgent }),
    sms: config.smsUrl ? createHttpSmsTransport({ url: config.smsUrl, token: config.smsToken, sender: config.smsSender }) : undefined,
    webhook: createWebhookTransport({ allowPrivate: config.webhookAllowPrivate ?? false, allowHosts: config.webhookAllowHosts }),
  };
}
