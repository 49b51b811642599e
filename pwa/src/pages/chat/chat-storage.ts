/**
 * What the chat console keeps across reloads, per signed-in user (the user id is in the key, so another
 * user signing in on the same browser starts with nothing): the transcript (its last MAX_CARDS cards) and
 * the command history (the last MAX_HISTORY commands). A full or unavailable localStorage keeps the newest
 * part that fits, or nothing; the console works the same either way.
 */
export const MAX_CARDS = 200;
/** commands and errors between the cards count too, so a run of failures cannot grow it without end */
export const MAX_ENTRIES = 2 * MAX_CARDS;
export const MAX_HISTORY = 50;

const transcriptKey = (userId: string) => `ops.chat.${userId}.transcript`;
const historyKey = (userId: string) => `ops.chat.${userId}.history`;

function read<T>(key: string, valid: (v: unknown) => v is T): T | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : null;
  } catch {
    return null;
  }
}

/** Writes `list`; when it does not fit, drops its oldest half and tries again. */
function write<T>(key: string, list: T[]): void {
  for (let keep = list; ; keep = keep.slice(Math.ceil(keep.length / 2))) {
    try {
      if (!keep.length) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(keep));
      return;
    } catch {
      if (!keep.length) return;
    }
  }
}

/** The newest part of `entries` holding at most MAX_CARDS cards and MAX_ENTRIES entries. */
export function trimEntries<E extends { kind: string }>(entries: E[]): E[] {
  let cards = 0;
  let from = Math.max(0, entries.length - MAX_ENTRIES);
  for (let i = entries.length - 1; i >= from; i--) {
    if (entries[i]!.kind === "card" && ++cards > MAX_CARDS) {
      from = i + 1;
      break;
    }
  }
  return from ? entries.slice(from) : entries;
}

const isArrayOf = <T>(item: (v: unknown) => boolean) => (v: unknown): v is T[] => Array.isArray(v) && v.every(item);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Entries as the transcript stores them; anything else found under the key is ignored. */
export type StoredEntry = { kind: "command" | "card" | "error"; id: number };
const isEntry = (v: unknown) => isObject(v) && typeof v.id === "number" && (v.kind === "command" || v.kind === "card" || v.kind === "error");

export const chatStorage = {
  loadTranscript: <E extends StoredEntry>(userId: string): E[] => read(transcriptKey(userId), isArrayOf<E>(isEntry)) ?? [],
  saveTranscript: (userId: string, entries: StoredEntry[]) => write(transcriptKey(userId), trimEntries(entries)),
  loadHistory: (userId: string): string[] => (read(historyKey(userId), isArrayOf<string>((v) => typeof v === "string")) ?? []).slice(-MAX_HISTORY),
  saveHistory: (userId: string, history: string[]) => write(historyKey(userId), history.slice(-MAX_HISTORY)),
};
