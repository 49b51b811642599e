import type { Db } from "../../../platform/db/db.ts";
import type { ImCards, ImMessageInput } from "./im-cards.ts";

/** Sets an entity's "has chat cards" flag (its owner's UPDATE of its own row). */
export type CardFlagMarker = (entityId: string) => Promise<void>;

/**
 * Message refs that flag their entity. An owner module whose entities change often (job runs,
 * flow runs: several status changes a second in a chain) registers how its rows are flagged;
 * recording a card for such an entity then sets the flag in the same transaction as the ref. The
 * owner reads the flag with the row its status change writes anyway and asks for a refresh only
 * when it is set, instead of looking for message refs at every change. Cross-process by design:
 * the flag is in the store, written by whichever process records the card.
 */
export function withCardFlags(imCards: ImCards, db: Db) {
  const markers = new Map<string, CardFlagMarker>();
  return {
    ...imCards,
    async record(input: ImMessageInput) {
      const mark = input.entity_type && input.entity_id ? markers.get(input.entity_type) : undefined;
      if (!mark) return imCards.record(input);
      return db.tx(async () => {
        const saved = await imCards.record(input);
        await mark(input.entity_id!);
        return saved;
      });
    },
    /** From now on, recording a card of `entityType` also calls `mark` with the entity's id. */
    flagOnRecord(entityType: string, mark: CardFlagMarker) {
      markers.set(entityType, mark);
    },
  };
}

export type FlaggedImCards = ReturnType<typeof withCardFlags>;
