/**
 * Numbered in-place card updates in order across the bot's worker processes (issue 14). Two processes may work on
 * updates n and n+1 of one message at once, and the platform may land the older last. So every numbered update is
 * claimed through the API before its platform call (an update older than one claimed or applied is dropped) and
 * finished after it; when another call on the same message finished while ours was in flight, ours may have landed
 * after it, and the API hands the entity's newest card to apply once more (api notify/im/card-order.ts).
 */
import { data, type ApiClient } from "./api-client.ts";
import type { BotLogger, ChatPlatform } from "./port.ts";

type CardJob = { kind: string; data: Record<string, unknown> };
export type OrderedUpdate = { platform: ChatPlatform; chatId: string; messageId: string; entityType: string; entityId: string; seq: number; card: CardJob };
type Claim = { apply: boolean; token: number | null };
type Finish = { reapply: { seq: number; card: CardJob } | null; token: number | null };

/** Re-applies of the newest card per update: each follows a race, so more means calls keep overlapping; stop there. */
const MAX_REAPPLY = 3;

export function createCardOrderClient(api: ApiClient, logger: BotLogger) {
  const calls = () => api.as({ kind: "bot" }).api.v1.im["card-updates"];

  /**
   * Applies the update unless it is stale; answers the number the message was last brought to, or null (dropped).
   * `lastAttempt`: when the API cannot be asked (the job's retries are spent), the update is applied unordered rather
   * than lost; before that, the job is retried.
   */
  return async function applyInOrder(u: OrderedUpdate, apply: (card: CardJob) => Promise<void>, lastAttempt = false): Promise<number | null> {
    const ref = { platform: u.platform, chat_id: u.chatId, message_id: u.messageId, entity_type: u.entityType, entity_id: u.entityId };
    let claim: Claim;
    try {
      claim = await data<Claim>(calls().claim.$post({ json: { ...ref, seq: u.seq } }));
    } catch (e) {
      if (!lastAttempt) throw e;
      logger.warn("card update applied unordered: the API did not answer its claim", { err: e, platform: u.platform, message_id: u.messageId, seq: u.seq });
      await apply(u.card);
      return u.seq;
    }
    if (!claim.apply) return null;
    let { seq, card } = u;
    let token = claim.token;
    for (let round = 0; ; round++) {
      let failure: unknown = undefined;
      try {
        await apply(card);
      } catch (e) {
        failure = e ?? new Error("card update failed");
      }
      // A failed call may still have landed: it is finished all the same, so a racing call knows to re-apply.
      const done = await data<Finish>(calls().finish.$post({ json: { ...ref, seq, token, ok: failure === undefined } }));
      if (!done.reapply || round === MAX_REAPPLY) {
        if (done.reapply) logger.warn("card update still racing, left to the next update", { platform: u.platform, message_id: u.messageId, seq });
        if (failure !== undefined) throw failure;
        return seq;
      }
      ({ seq, card } = done.reapply);
      token = done.token;
    }
  };
}
