import type { CardAction, WebCard } from "@ops/cards";
import { createSignal } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { chatApi } from "./chat-api.ts";

/**
 * The console's conversation: the user's commands, the cards that answered them and inline errors,
 * oldest first. A card's button click replaces that card and inserts the reply's extra cards right
 * after it. Entries are immutable objects, so a replaced card re-mounts (its form starts fresh).
 */
export type Entry =
  | { kind: "command"; id: number; text: string }
  | { kind: "card"; id: number; card: WebCard }
  /** `message` is the API's (already translated) text; null: an unexpected failure, the page words it */
  | { kind: "error"; id: number; message: string | null };

/** The entry the page should bring into view after a change. */
export type Focus = { id: number; seq: number };

const errorMessage = (e: unknown): string | null => (isApiError(e) ? e.message : null);

export function createTranscript() {
  const [entries, setEntries] = createSignal<Entry[]>([]);
  const [pending, setPending] = createSignal(0);
  const [focus, setFocus] = createSignal<Focus | null>(null);
  let nextId = 1;
  let seq = 0;

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

  return { entries, pending: () => pending() > 0, focus, send, act };
}

export type Transcript = ReturnType<typeof createTranscript>;
