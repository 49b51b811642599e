import type { CardAction, WebCard } from "@ops/cards";
import { createSignal } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { chatApi } from "./chat-api.ts";
import { chatStorage, trimEntries } from "./chat-storage.ts";

/**
 * The console's conversation: the user's commands, the cards that answered them and inline errors,
 * oldest first. A card's button click replaces that card and inserts the reply's extra cards right
 * after it. Entries are immutable objects, so a replaced card re-mounts (its form starts fresh).
 * With a `userId` the conversation is kept for that user across reloads (chat-storage.ts: the last
 * 200 cards); the newest entry is brought into view when it comes back.
 */
export type Entry =
  | { kind: "command"; id: number; text: string }
  | { kind: "card"; id: number; card: WebCard }
  /** `message` is the API's (already translated) text; null: an unexpected failure, the page words it */
  | { kind: "error"; id: number; message: string | null };

/** The entry the page should bring into view after a change. */
export type Focus = { id: number; seq: number };

const errorMessage = (e: unknown): string | null => (isApiError(e) ? e.message : null);

export function createTranscript(userId: string | null = null) {
  const restored = userId ? chatStorage.loadTranscript<Entry>(userId) : [];
  const [entries, setStored] = createSignal<Entry[]>(restored);
  const [pending, setPending] = createSignal(0);
  let nextId = restored.reduce((max, e) => Math.max(max, e.id), 0) + 1;
  let seq = 0;
  const [focus, setFocus] = createSignal<Focus | null>(restored.length ? { id: restored.at(-1)!.id, seq: ++seq } : null);

  const setEntries = (change: (cur: Entry[]) => Entry[]) => {
    const next = trimEntries(change(entries()));
    setStored(next);
    if (userId) chatStorage.saveTranscript(userId, next);
  };

  /** Empties the conversation, here and in storage (a reply still on its way lands in the empty list). */
  const clear = () => {
    setEntries(() => []);
    setFocus(null);
  };

  const cards = (list: WebCard[]): Entry[] => list.map((card) => ({ kind: "card", id: nextId++, card }));
  const show = (id: number | undefined) => id !== undefined && setFocus({ id, seq: ++seq });
  const append = (added: Entry[]) => {
    setEntries((cur) => [...cur, ...added]);
    show(added[0]?.id);
  };

  /** Inserts after entry `afterId` (at the end when it is gone); `update` replaces that entry's card. */
  const insertAfter = (afterId: number, added: Entry[], update: WebCard | null) => {
    setEntries((cur) => {
      const at = cur.findIndex((e) => e.id === afterId);
      if (at < 0) return [...cur, ...added];
      const next = [...cur];
      if (update) next[at] = { kind: "card", id: afterId, card: update };
      next.splice(at + 1, 0, ...added);
      return next;
    });
    show(added[0]?.id ?? (update ? afterId : undefined));
  };

  async function send(text: string): Promise<void> {
    append([{ kind: "command", id: nextId++, text }]);
    setPending((n) => n + 1);
    try {
      const reply = await chatApi.command(text);
      append(cards(reply.cards));
    } catch (e) {
      append([{ kind: "error", id: nextId++, message: errorMessage(e) }]);
    } finally {
      setPending((n) => n - 1);
    }
  }

  /** A click on a button of card entry `entryId`; failures show under that card. */
  async function act(entryId: number, action: CardAction): Promise<void> {
    setPending((n) => n + 1);
    try {
      const reply = await chatApi.action(action);
      insertAfter(entryId, cards(reply.cards), reply.update);
    } catch (e) {
      insertAfter(entryId, [{ kind: "error", id: nextId++, message: errorMessage(e) }], null);
    } finally {
      setPending((n) => n - 1);
    }
  }

  return { entries, pending: () => pending() > 0, focus, send, act, clear };
}

export type Transcript = ReturnType<typeof createTranscript>;
