import type { Migration } from "../migrate.ts";

/**
 * Whether a chat card was ever posted for a job run or a flow run (notify records its message ref
 * and sets the flag in the same transaction: notify/im/card-flags.ts). A status change reads the
 * flag with the row it writes anyway, so runs nobody posted a card for (most: scheduled runs, flow
 * steps) skip the message-ref lookup and the card's data load on every change.
 * Runs that already have message refs are flagged here.
 */
export const m032CardFlags: Migration = {
  version: 32,
  name: "card-flags",
  statements: () => [
    "ALTER TABLE job_runs ADD COLUMN has_cards INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE flow_runs ADD COLUMN has_cards INTEGER NOT NULL DEFAULT 0",
    "UPDATE job_runs SET has_cards = 1 WHERE id IN (SELECT entity_id FROM im_messages WHERE entity_type = 'job_run')",
    "UPDATE flow_runs SET has_cards = 1 WHERE id IN (SELECT entity_id FROM im_messages WHERE entity_type = 'flow_run')",
  ],
};
