import type { Transporter } from "nodemailer";
import { TransportError, type MailMessage, type MailTransport } from "./ports.ts";

export type SmtpOptions = {
  /** SMTP_URL, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…:465`. */
  url: string;
  /** SMTP_FROM, e.g. `OPS <noreply@example.com>`. */
  from: string;
  /** Give up on a silent server after this long (the queue retries). */
  timeoutMs?: number;
};

type SmtpFailure = { code?: string; responseCode?: number; message?: string };

/**
 * nodemailer behind the MailTransport port (a connection per message: notifications are sparse). nodemailer is
 * loaded, and the transporter made, on the first message, not at start.
 */
export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  let transporter: Transporter | null = null;
  const transporterOf = async () => {
    const { default: nodemailer } = await import("nodemailer");
    transporter ??= nodemailer.createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    return transporter;
  };
  return {
    async send(message: MailMessage) {
      const mailer = await transporterOf();
      try {
        const { attachments, ...rest } = message;
        const files = attachments?.map((a) => ({ ...a, content: Buffer.from(a.content) }));
        const info = await mailer.sendMail({ ...rest, ...(files ? { attachments: files } : {}), from: options.from });
        return { id: typeof info.messageId === "string" ? info.messageId : undefined };
      } catch (error) {
        throw toTransportError(error as SmtpFailure);
      }
    },
    close: () => transporter?.close(),
  };
}

/**
 * RFC 5321: a 5yz reply is a permanent refusal (503 only says the session was in the wrong
 * state, so a new connection may pass); 4yz replies and lost connections are transient.
 * Bad credentials or configuration will not heal by retrying either.
 */
export function toTransportError(error: SmtpFailure): TransportError {
  const code = error.responseCode;
  const permanent = (code !== undefined && code >= 500 && code !== 503) || error.code === "EAUTH" || error.code === "ECONFIG";
  const detail = code ? `smtp ${code}: ${error.message ?? ""}` : `smtp ${error.code ?? "error"}: ${error.message ?? ""}`;
  return new TransportError(detail.trim(), { retryable: !permanent, cause: error });
}
