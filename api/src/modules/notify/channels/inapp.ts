import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { LiveHub, LiveNotification } from "../inbox/index.ts";
import type { RenderedMessage } from "./channel.ts";

export type InAppDeps = { db: Db; clock: Clock; hub: LiveHub };

export type InAppInput = {
  userId: string;
  eventId: string;
  type: string;
  message: RenderedMessage;
  data: Record<string, unknown>;
  critical: boolean;
};

/**
 * The in-app channel: an inbox row, pushed live to the user's open streams once the
 * transaction that wrote it has committed (a rolled-back send shows nothing).
 */
export async function storeInApp(deps: InAppDeps, input: InAppInput): Promise<LiveNotification> {
  const live: LiveNotification = {
    id: newId(),
    type: input.type,
    title: input.message.title,
    body: input.message.body,
    data: input.data,
    critical: input.critical,
    read: false,
    read_at: null,
    created_at: iso(deps.clock.now()),
  };
  await insertRow(deps.db, "notifications", {
    id: live.id,
    user_id: input.userId,
    event_id: input.eventId,
    type: live.type,
    title: live.title,
    body: live.body,
    data: JSON.stringify(input.data),
    critical: input.critical ? 1 : 0,
    read_at: null,
    created_at: live.created_at,
  });
  deps.db.afterCommit(() => deps.hub.publish(input.userId, live));
  return live;
}
