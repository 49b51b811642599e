import { t, type Locale } from "@ops/shared";
import type { ChannelAvailability, ChannelSetup, ChannelUnavailableReason } from "@ops/shared/contracts/notify.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { MailTransport, PushTransport, SmsTransport } from "../../../platform/notify-transports/ports.ts";
import { RECIPIENT_CHANNELS, type RecipientChannel } from "../notify.schema.ts";
import { IM_PROVIDERS } from "./im.ts";

export type AvailabilityDeps = { db: Db; transports: { mail?: MailTransport; sms?: SmsTransport; push?: PushTransport } };

type Verdict = { reason: ChannelUnavailableReason; setup: ChannelSetup } | null;

const ADMIN_ENV: Record<"email" | "sms", string[]> = {
  email: ["SMTP_URL", "SMTP_FROM"],
  sms: ["OPS_SMS_URL", "OPS_SMS_TOKEN", "OPS_SMS_SENDER"],
};

/**
 * Which channels can reach this user now, and if not why and who can fix it: a transport the
 * server lacks (an administrator sets it in env), or an address, push subscription or chat
 * binding the user lacks (they add it in the PWA). In-app always works.
 */
export async function channelAvailability(deps: AvailabilityDeps, userId: string, locale: Locale): Promise<ChannelAvailability[]> {
  const user = await deps.db.get<{ email: string | null; phone: string | null }>("SELECT email, phone FROM users WHERE id = ?", [userId]);
  const pushSubs = await deps.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM notify_push_subscriptions WHERE user_id = ?", [userId]);
  const binding = await deps.db.get<{ provider: string }>(
    `SELECT provider FROM user_identities WHERE user_id = ? AND provider IN (${IM_PROVIDERS.map(() => "?").join(", ")}) LIMIT 1`,
    [userId, ...IM_PROVIDERS],
  );
  const admin = (reason: ChannelUnavailableReason, env: string[]): Verdict => ({ reason, setup: { audience: "admin", env } });
  const user_ = (reason: ChannelUnavailableReason, href: string): Verdict => ({ reason, setup: { audience: "user", href } });
  const mailReady = !!deps.transports.mail && (!deps.transports.mail.ready || (await deps.transports.mail.ready()));
  const verdicts: Record<RecipientChannel, Verdict> = {
    inapp: null,
    email: !mailReady ? admin("notify.channel.email_unconfigured", ADMIN_ENV.email)
      : !user?.email ? user_("notify.no_email_address", "/profile") : null,
    sms: !deps.transports.sms ? admin("notify.channel.sms_unconfigured", ADMIN_ENV.sms)
      : !user?.phone ? user_("notify.no_phone_number", "/profile") : null,
    push: !deps.transports.push ? admin("notify.channel.push_unconfigured", ["OPS_VAPID_SUBJECT"])
      : Number(pushSubs?.n ?? 0) === 0 ? user_("notify.no_push_subscription", "/notifications/preferences#push") : null,
    im: binding ? null : user_("notify.no_im_binding", "/account/bindings"),
  };
  return RECIPIENT_CHANNELS.map((channel) => {
    const v = verdicts[channel];
    return { channel, available: v === null, reason: v?.reason ?? null, message: v ? t(locale, v.reason) : null, setup: v?.setup ?? null };
  });
}
