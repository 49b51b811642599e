import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { IM_QUEUE } from "../notify.deps.ts";
import { CARD_UPDATE_JOB, ENTITY_CARD_KEEP_MS, type ImCardUpdateJob } from "./im-cards.ts";

describe.each(ENGINES)("message refs on %s", (engine) => {
  let s: TestSystem;
  const bot = () => ({ authorization: `Bot ${s.system.botKey}` });
  beforeAll(async () => {
    s = await createTestSystem({ engine });
  });
  afterAll(() => s.close());

  it("records a posted card once per message, re-recording it when it comes to show something else", async () => {
    const ref = { platform: "slack", chat_id: "C1", message_id: "1700000000.000100" };
    const first = await s.req("POST", "/api/v1/im/messages", { headers: bot(), body: { ...ref, card_kind: "whoami", entity_type: "user", entity_id: "u1" } });
    expect(first.status).toBe(201);
    s.clock.advance(1_000);
    const again = await s.req("POST", "/api/v1/im/messages", { headers: bot(), body: { ...ref, card_kind: "notification", entity_type: "notification", entity_id: "n1", locale: "en" } });
    expect(again.body.data).toMatchObject({ id: first.body.data.id, card_kind: "notification", created_at: first.body.data.created_at });
    expect(again.body.data.updated_at > first.body.data.created_at).toBe(true);

    const admin = await s.login("admin");
    const byNotification = await s.req("GET", "/api/v1/im/messages?entity_type=notification&entity_id=n1", { token: admin });
    expect(byNotification.body.data).toEqual([expect.objectContaining({ ...ref, id: first.body.data.id, locale: "en" })]);
    const byUser = await s.req("GET", "/api/v1/im/messages?entity_type=user&entity_id=u1", { token: admin });
    expect(byUser.body.data).toEqual([]);
    const lina = await s.login("lina");
    expect((await s.req("GET", "/api/v1/im/messages?entity_type=notification&entity_id=n1", { token: lina })).status).toBe(403);
    const bad = await s.req("POST", "/api/v1/im/messages", { headers: bot(), body: { ...ref, platform: "teams", card_kind: "x" } });
    expect(bad).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: "platform" })] } });
  });

  /** The card updates waiting on the IM queue (the bot's worker is not running here), taken off it. */
  async function takeCardUpdates(): Promise<ImCardUpdateJob[]> {
    const out: ImCardUpdateJob[] = [];
    for (;;) {
      const job = await s.system.queue.reserve<ImCardUpdateJob>(IM_QUEUE);
      if (!job) return out;
      await s.system.queue.complete(job);
      if (job.name === CARD_UPDATE_JOB) out.push(job.payload);
    }
  }

  it("brings a copy recorded just after a refresh to the refreshed card, numbered, and not once the refresh is old", async () => {
    await takeCardUpdates();
    const entity = { entity_type: "approval", entity_id: `inst-${engine}` };
    const card = (status: string) => ({ kind: "approval", data: { instance_id: entity.entity_id, status } });
    // a decision's refresh runs while the notification's copy is being posted: no ref is recorded yet
    expect(await s.system.notify.imCards.refresh(entity.entity_type, entity.entity_id, card("approved"))).toBe(0);
    const ref = { platform: "feishu", chat_id: "oc_1", message_id: `om_${engine}_1` };
    const recorded = await s.req("POST", "/api/v1/im/messages", { headers: bot(), body: { ...ref, card_kind: "approval", ...entity, user_id: "u-approver" } });
    expect(recorded.status).toBe(201);
    expect(await takeCardUpdates()).toEqual([
      expect.objectContaining({ chatId: "oc_1", messageId: ref.message_id, userId: "u-approver", seq: 1, card: card("approved") }),
    ]);
    // later refreshes reach the recorded copy with higher numbers
    expect(await s.system.notify.imCards.refresh(entity.entity_type, entity.entity_id, card("withdrawn"))).toBe(1);
    expect(await takeCardUpdates()).toEqual([expect.objectContaining({ seq: 2, card: card("withdrawn") })]);
    // a card of an entity nobody refreshed lately is left as posted
    s.clock.advance(ENTITY_CARD_KEEP_MS + 1_000);
    await s.req("POST", "/api/v1/im/messages", { headers: bot(), body: { ...ref, message_id: `om_${engine}_2`, card_kind: "approval", ...entity } });
    await s.req("POST", "/api/v1/im/messages", { headers: bot(), body: { ...ref, message_id: `om_${engine}_3`, card_kind: "whoami", entity_type: "user", entity_id: "u9" } });
    expect(await takeCardUpdates()).toEqual([]);
  });
});
