import { maskValue } from "@ops/shared";
import type { SmsTransport } from "../../../platform/notify-transports/ports.ts";
import { ChannelFailure, type Channel } from "./channel.ts";

/** Long enough for a few concatenated segments; providers bill per 70 (CJK) or 160 characters. */
export const SMS_MAX_CHARS = 500;

/** SMS over the SmsTransport port (an HTTP provider): one plain-text line, title first. */
export function smsChannel(transport: SmsTransport | undefined): Channel {
  return {
    name: "sms",
    async deliver(input) {
      if (!transport) throw new ChannelFailure("notify.channel_unconfigured", false, "sms");
      const to = input.recipient.phone;
      if (!to) throw new ChannelFailure("notify.no_phone_number", false);
      const { title, body } = input.message;
      const text = body ? `${title}: ${body}` : title;
      await transport.send({ to, text: text.length > SMS_MAX_CHARS ? `${text.slice(0, SMS_MAX_CHARS - 1)}…` : text });
      return { target: maskValue("phone", to) ?? undefined };
    },
  };
}
