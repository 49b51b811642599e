/** Notification center: a leaf module. Others reach it only through this file (`notify.send(...)`). */
export { createNotify, type Notify } from "./notify.service.ts";
export { notifyRoutes } from "./notify.routes.ts";
export { DEFAULT_OPTIONS as NOTIFY_DEFAULTS, IM_QUEUE, NOTIFY_QUEUE, type NotifyDeps, type NotifyOptions, type NotifyTransports } from "./notify.deps.ts";
export type { NotifyEvent } from "./notify.events.ts";
export type { ImDeliveryJob } from "./channels/index.ts";
export { CARD_UPDATE_JOB, CHAT_POST_JOB, type ChatPostJob, type ImCardUpdateJob, type ImMessage, type ImMessageInput } from "./im/index.ts";
export { signWebhook, verifyWebhook } from "./channels/index.ts";
export type { SendInput } from "./notify.schema.ts";
