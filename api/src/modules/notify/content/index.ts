/** Notification content: the sensitive-word filter (seed 001 §2.7). Siblings and the notify root import from here. */
export { compileMatcher, maskWord, MASK, type Matcher } from "./matcher.ts";
export { createWordList, normaliseWords, sensitiveWordsBody, MAX_WORDS, MAX_WORD_CHARS, RECHECK_MS, type WordList } from "./words.ts";
export { blockDelivery, recordBlockedSend, screenMessage, screenSend, SENSITIVE_BLOCKED } from "./screen.ts";
export { contentRoutes } from "./content.routes.ts";
