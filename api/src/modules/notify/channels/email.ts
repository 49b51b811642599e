import { maskValue } from "@ops/shared";
import { notifyText } from "../templates/index.ts";
import type { MailAttachment, MailTransport } from "../../../platform/notify-transports/ports.ts";
import { ChannelFailure, type Channel } from "./channel.ts";

/** A sender's own e-mail form (a report digest): HTML, and blobs attached by key (inline with a cid). */
type EmailData = { html?: string; attachments?: Array<{ key: string; filename: string; content_type: string; cid?: string }> };

async function attachmentsOf(email: EmailData, files: { get(key: string): Promise<Uint8Array | null> } | undefined): Promise<MailAttachment[]> {
  const out: MailAttachment[] = [];
  for (const a of email.attachments ?? []) {
    const content = files ? await files.get(a.key) : null;
    // A file gone since (the digest's blobs expire) is left out rather than failing the whole message.
    if (content) out.push({ filename: a.filename, content, contentType: a.content_type, ...(a.cid ? { cid: a.cid } : {}) });
  }
  return out;
}

/** Email over the MailTransport port (SMTP in production): subject = title, text = body; `data.email` adds HTML and files. */
export function emailChannel(transport: MailTransport | undefined, files?: { get(key: string): Promise<Uint8Array | null> }): Channel {
  return {
    name: "email",
    async deliver(input) {
      if (!transport || (transport.ready && !(await transport.ready()))) throw new ChannelFailure("notify.channel_unconfigured", false, "email");
      const to = input.recipient.email;
      if (!to) throw new ChannelFailure("notify.no_email_address", false);
      const footer = input.unsubscribeUrl ? `\n\n--\n${notifyText(input.recipient.locale, "notify.email.unsubscribe", { url: input.unsubscribeUrl })}` : "";
      const email = (typeof input.data.email === "object" && input.data.email ? input.data.email : {}) as EmailData;
      const attachments = await attachmentsOf(email, files);
      await transport.send({
        to,
        subject: input.message.title,
        text: `${input.message.body}${footer}`,
        ...(typeof email.html === "string" ? { html: email.html } : {}),
        ...(attachments.length ? { attachments } : {}),
        headers: {
          "X-OPS-Notification": input.eventId,
          "X-OPS-Type": input.type,
          ...(input.unsubscribeUrl ? { "List-Unsubscribe": `<${input.unsubscribeUrl}>` } : {}),
        },
      });
      return { target: maskValue("email", to) ?? undefined };
    },
  };
}
