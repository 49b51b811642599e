/** Report subscriptions, digests (the bot's card too) and signed chart images. Others reach it only through this file. */
export { createSubscriptions, type Subscriptions } from "./subscriptions.service.ts";
export { subscriptionsRoutes } from "./subscriptions.routes.ts";
export { createDigests, type Digest, type DigestOf } from "./digest.ts";
export { createImages, type Images } from "./images.ts";
export { createXlsxLinks, type XlsxLinks } from "./xlsx-links.ts";
export { nextRunOf, cronOf } from "./schedule.ts";
