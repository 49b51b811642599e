import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { flowsApi, sh } from "./flows.testkit.ts";

/**
 * Chat cards of a flow run follow it only once one was posted (flow_runs.has_cards, set when
 * notify records the card): the changes before that look for no message refs, the changes after
 * it queue the card's update, through the real notify (no stand-in).
 */
describe.each(ENGINES)("flows: chat card refreshes follow has_cards (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  let tok: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    tok = await s.login("liuyang");
    await s.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(() => s?.close());

  const cardUpdates = async (flowRunId: string) =>
    (await s.system.db.all<{ payload: string }>("SELECT payload FROM queue_jobs WHERE name = 'card.update'")).filter((r) => r.payload.includes(flowRunId)).length;

  it("no card: no refresh while it runs; a card posted mid-run is updated at the next changes", async () => {
    // refreshes asked of notify (each one a message-ref lookup)
    const cards = s.system.flows.deps.cards!;
    const refresh = cards.refresh;
    let refreshes = 0;
    cards.refresh = (...args) => (args[0] === "flow_run" && refreshes++, refresh.apply(cards, args));
    expect((await f.create(tok, { name: "carded", nodes: [sh("A", "echo a"), { key: "W", type: "wait" }, sh("B", "echo b")], edges: [{ from: "A", to: "W" }, { from: "W", to: "B" }] })).status).toBe(201);
    const run = (await f.run(tok, "carded", {})).body.data as { id: string };
    await f.waitUntil(run.id, (r) => r.nodes.find((n) => n.key === "W")!.status === "waiting");
    await s.system.flows.cardsSettled();
    // A queued → running → succeeded and W waiting: four changes, no card to refresh, no lookup
    expect(refreshes).toBe(0);
    expect(await cardUpdates(run.id)).toBe(0);
    const ref = { platform: "feishu", chat_id: "oc_1", message_id: `om_${run.id}`, card_kind: "flow-run", entity_type: "flow_run", entity_id: run.id };
    expect((await s.req("POST", "/api/v1/im/messages", { headers: { authorization: `Bot ${s.system.botKey}` }, body: ref })).status).toBe(201);
    expect((await f.api("POST", `/flow-runs/${run.id}/nodes/W/continue`, tok, { decision: "continue" })).status).toBe(200);
    expect((await f.waitFinal(run.id)).status).toBe("succeeded");
    await s.system.flows.cardsSettled();
    cards.refresh = refresh;
    expect(refreshes).toBeGreaterThanOrEqual(1);
    expect(await cardUpdates(run.id)).toBeGreaterThanOrEqual(1);
  });
});
