import { maskValue } from "@ops/shared";
import { notifyText } from "../templates/index.ts";
import type { MailTransport } from "../../../platform/notify-transports/ports.ts";
import { ChannelFailure, type Channel } from "./channel.ts";

/** Email over the MailTransport port (SMTP in production): subject = title, text = body. */
export function emailChannel(transport: MailTransport | undefined): Channel {
  return {
    name: "email",
    async deliver(input) {
      if (!transport) throw new ChannelFailure("notify.channel_unconfigured", false, "email");
      const to = input.recipient.email;
      if (!to) throw new ChannelFailure("notify.no_email_address", false);
      const footer = input.unsubscribeUrl ? `\n\n--\n${notifyText(input.recipient.locale, "notify.email.unsubscribe", { url: input.unsubscribeUrl })}` : "";
      await transport.send({
        to,
        subject: input.message.title,
        text: `${input.message.body}${footer}`,
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
