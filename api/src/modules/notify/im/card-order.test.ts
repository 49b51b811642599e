import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { ENTITY_CARD_KEEP_MS } from "./im-cards.ts";

describe.each(ENGINES)("card update order across bot processes on %s", (engine) => {
  let s: TestSystem;
  const bot = () => ({ authorization: `Bot ${s.system.botKey}` });
  beforeAll(async () => {
    s = await createTestSystem({ engine, demo: false });
  });
  afterAll(() => s.close());

  const entity = { entity_type: "approval", entity_id: `inst-order-${engine}` };
  const card = (status: string) => ({ kind: "approval", data: { instance_id: entity.entity_id, status } });
  const msg = (n: number) => ({ platform: "feishu", chat_id: "oc_1", message_id: `om_order_${n}`, ...entity });
  const claim = async (body: object) => (await s.req("POST", "/api/v1/im/card-updates/claim", { headers: bot(), body })).body.data;
  const finish = async (body: object) => (await s.req("POST", "/api/v1/im/card-updates/finish", { headers: bot(), body })).body.data;

  it("hands the newest card to the later of two overlapping calls, drops stale claims, and costs nothing extra alone", async () => {
    await s.system.notify.imCards.refresh(entity.entity_type, entity.entity_id, card("pending"));
    await s.system.notify.imCards.refresh(entity.entity_type, entity.entity_id, card("approved"));
    // two processes claim updates 1 and 2 of one message; 2's call finishes first, then 1's (which may have landed last)
    const one = await claim({ ...msg(1), seq: 1 });
    const two = await claim({ ...msg(1), seq: 2 });
    expect(one).toEqual({ apply: true, token: 0 });
    expect(two).toEqual({ apply: true, token: 0 });
    expect(await finish({ ...msg(1), seq: 2, token: two.token, ok: true })).toEqual({ reapply: null, token: null });
    const late = await finish({ ...msg(1), seq: 1, token: one.token, ok: true });
    expect(late).toEqual({ reapply: { seq: 2, card: card("approved") }, token: 2 });
    expect(await finish({ ...msg(1), seq: 2, token: late.token, ok: true })).toEqual({ reapply: null, token: null });
    // an update no newer than the one applied, or numbered past the entity's card (an earlier numbering), is dropped
    expect(await claim({ ...msg(1), seq: 2 })).toEqual({ apply: false, token: null });
    expect(await claim({ ...msg(1), seq: 3 })).toEqual({ apply: false, token: null });

    // claimed in order: the older one, claimed after the newer, is dropped before any call
    await s.system.notify.imCards.refresh(entity.entity_type, entity.entity_id, card("withdrawn"));
    const three = await claim({ ...msg(1), seq: 3 });
    expect(three).toEqual({ apply: true, token: 3 });
    expect(await claim({ ...msg(2), seq: 2 })).toEqual({ apply: true, token: 0 });
    expect(await claim({ ...msg(1), seq: 2 })).toEqual({ apply: false, token: null });
    // a failed call counts as finished (it may have landed) and is claimed again by its retry
    expect(await finish({ ...msg(1), seq: 3, token: three.token, ok: false })).toEqual({ reapply: null, token: null });
    expect(await claim({ ...msg(1), seq: 3 })).toEqual({ apply: true, token: 4 });
    expect(await finish({ ...msg(1), seq: 3, token: 4, ok: true })).toEqual({ reapply: null, token: null });

    // the message re-recorded for another entity while an update of the first was in flight: that one's finish
    // neither counts as applied for the other entity nor hands the first entity's card back
    await s.system.notify.imCards.refresh("notification", `n-${engine}`, { kind: "notification", data: { title: "read" } });
    const before = await claim({ ...msg(2), seq: 3 });
    expect(before).toEqual({ apply: true, token: 0 });
    const moved = { ...msg(2), entity_type: "notification", entity_id: `n-${engine}` };
    const now = await claim({ ...moved, seq: 1 });
    expect(now).toEqual({ apply: true, token: 0 });
    expect(await finish({ ...moved, seq: 1, token: now.token, ok: true })).toEqual({ reapply: null, token: null });
    expect(await finish({ ...msg(2), seq: 3, token: before.token, ok: true })).toEqual({ reapply: null, token: null });
    expect(await claim({ ...moved, seq: 1 })).toEqual({ apply: false, token: null });
  });

  it("applies unordered when the entity's card is no longer kept, and starts over when its numbering does", async () => {
    const other = { ...msg(3), entity_id: `gone-${engine}` };
    expect(await claim({ ...other, seq: 5 })).toEqual({ apply: true, token: null });
    expect(await finish({ ...other, seq: 5, token: null, ok: true })).toEqual({ reapply: null, token: null });

    // an entity not refreshed for the keep time loses its card (pruned at a new entity's first refresh) and numbers
    // from 1 again, while a message updated late in that time still has its row: the row starts over
    const x = { entity_type: "approval", entity_id: `renumbered-${engine}` };
    for (const status of ["pending", "approved", "withdrawn"]) await s.system.notify.imCards.refresh(x.entity_type, x.entity_id, card(status));
    s.clock.advance(10 * 60_000);
    const m = { platform: "slack", chat_id: "C1", message_id: `late-${engine}`, ...x };
    expect(await claim({ ...m, seq: 3 })).toEqual({ apply: true, token: 0 });
    expect(await finish({ ...m, seq: 3, token: 0, ok: true })).toEqual({ reapply: null, token: null });
    s.clock.advance(ENTITY_CARD_KEEP_MS - 10 * 60_000 + 1_000);
    await s.system.notify.imCards.refresh("approval", `fresh-${engine}`, card("pending"));
    await s.system.notify.imCards.refresh(x.entity_type, x.entity_id, card("pending"));
    expect(await claim({ ...m, seq: 1 })).toEqual({ apply: true, token: 1 });
    expect(await claim({ ...m, seq: 3 })).toEqual({ apply: false, token: null });
  });

  it("answers the bot alone (a user token gets 401), validated", async () => {
    const admin = await s.login("admin");
    expect((await s.req("POST", "/api/v1/im/card-updates/claim", { token: admin, body: { ...msg(1), seq: 1 } })).status).toBe(401);
    const bad = await s.req("POST", "/api/v1/im/card-updates/finish", { headers: bot(), body: { ...msg(1), seq: 0, token: 0, ok: true } });
    expect(bad).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: "seq" })] } });
  });
});
