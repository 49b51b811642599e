/** Outbound channels (e-mail, SMS, web push, IM, webhook) and in-app storage. Siblings and the notify root import from here. */
export { ChannelFailure, toChannelFailure, type Channel, type Recipient, type RenderedMessage } from "./channel.ts";
export { emailChannel } from "./email.ts";
export { imChannel, type ImDeliveryJob } from "./im.ts";
export { storeInApp } from "./inapp.ts";
export { smsChannel } from "./sms.ts";
export { postWebhook, signWebhook, verifyWebhook } from "./webhook.ts";
export { webPushChannel } from "./webpush.ts";
export { channelAvailability, type AvailabilityDeps } from "./availability.ts";
export { channelRoutes } from "./channels.routes.ts";
