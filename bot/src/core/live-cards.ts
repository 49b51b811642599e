/**
 * Cards whose subject changes on its own (a job run, a flow run, a backfill): the engine refreshes every posted
 * copy at each change, but only copies whose message ref is recorded. A change between computing
 * the answer and recording its ref (a fast step, a flow reaching its wait node) would leave the
 * card stale until the next change, which for a waiting flow may be hours away. So once the ref is
 * recorded, the card is read once more as the same caller and updated if it moved on.
 */
import type { Card } from "@ops/cards";
import type { Locale } from "@ops/shared";
import type { FlowRun } from "@ops/shared/contracts/flows.ts";
import type { JobRun } from "@ops/shared/contracts/jobs.ts";
import { data, type ApiClient, type ChatCaller } from "./api-client.ts";
import type { Answer } from "./answer.ts";
import { readBackfill } from "./backfill-answers.ts";
import { flowRunCardOf } from "./flow-answers.ts";
import { runCard } from "./job-answers.ts";

type Entity = NonNullable<Answer["entity"]>;
type Reader = (api: ReturnType<ApiClient["as"]>, entity: Entity, locale: Locale) => Promise<Card>;

const READERS: Record<string, Reader> = {
  job_run: async (api, { id }, locale) => runCard(await data<JobRun>(api.api.v1.runs[":id"].$get({ param: { id } })), locale),
  flow_run: async (api, { id }, locale) => flowRunCardOf(await data<FlowRun>(api.api.v1["flow-runs"][":id"].$get({ param: { id } })), locale),
  job_backfill: async (api, { id, parent }, locale) => (await readBackfill(api, parent ?? "", id, locale)).card,
};

/** The card as it is now when it differs from what was posted; null when unchanged or not a live card. */
export async function currentCard(api: ApiClient, as: ChatCaller | undefined, answer: Answer, locale: Locale): Promise<Card | null> {
  const read = answer.entity && as ? READERS[answer.entity.type] : undefined;
  if (!read) return null;
  const now = await read(api.as(as!), answer.entity!, locale);
  return JSON.stringify(now) === JSON.stringify(answer.card) ? null : now;
}
