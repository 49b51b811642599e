/** IM cards and messages, and results reported back by the bot. Siblings and the notify root import from here. */
export { CARD_UPDATE_JOB, CHAT_POST_JOB, createImCards, type ChatPostJob, notificationCardData, type ImCardUpdateJob, type ImMessage, type ImMessageInput } from "./im-cards.ts";
export { withCardFlags, type CardFlagMarker, type FlaggedImCards } from "./card-flags.ts";
export { imMessageRoutes } from "./im-messages.routes.ts";
export { recordImResult, type ImResult } from "./im-result.ts";
