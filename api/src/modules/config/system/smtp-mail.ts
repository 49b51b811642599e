import { t, DEFAULT_LOCALE } from "@ops/shared";
import { TransportError, type MailMessage, type MailTransport } from "../../../platform/notify-transports/ports.ts";
import type { SmtpSettings } from "./system.service.ts";

/** Builds the SMTP transport for a URL and sender (system.ts passes the platform's nodemailer adapter). */
export type SmtpFactory = (o: { url: string; from: string }) => MailTransport;

/** smtp(s)://user:password@host:port with each part escaped (a password may hold "@" or ":"). */
export function smtpUrlOf(s: SmtpSettings): string {
  const auth = s.user ? `${encodeURIComponent(s.user)}${s.password ? `:${encodeURIComponent(s.password)}` : ""}@` : "";
  return `${s.secure ? "smtps" : "smtp"}://${auth}${s.host.includes(":") ? `[${s.host}]` : s.host}:${s.port}`;
}

/**
 * The notify center's mail transport when SMTP_URL is not set: the system-smtp record, read per message (a
 * change takes effect on the next one, in every process); the nodemailer transport is kept while the settings
 * stay the same. `ready()` says whether the record is set, so the channel shows as unconfigured until it is.
 */
export function settingsMailTransport(read: () => Promise<SmtpSettings | null>, make: SmtpFactory): MailTransport & { ready(): Promise<boolean> } {
  let kept: { key: string; transport: MailTransport } | null = null;
  return {
    async ready() {
      return (await read()) !== null;
    },
    async send(message: MailMessage) {
      const settings = await read();
      if (!settings) throw new TransportError(t(DEFAULT_LOCALE, "config.system.smtp_unconfigured"), { retryable: false });
      const url = smtpUrlOf(settings);
      const key = `${url}\n${settings.from}`;
      if (kept?.key !== key) {
        kept?.transport.close?.();
        kept = { key, transport: make({ url, from: settings.from }) };
      }
      return kept.transport.send(message);
    },
    close() {
      kept?.transport.close?.();
      kept = null;
    },
  };
}
