/** Who gets what: preferences, recipients, blacklist and unsubscribe links. Siblings and the notify root import from here. */
export { createBlacklist, isBlocked } from "./blacklist.ts";
export { effectivePreferences, loadPreferences, nextChannel, planChannels, savePreferences, type Effective } from "./preferences.ts";
export { loadRecipients, recipientOf } from "./recipients.ts";
export { signUnsubscribe, unsubscribeUrl, verifyUnsubscribe } from "./unsubscribe.ts";
