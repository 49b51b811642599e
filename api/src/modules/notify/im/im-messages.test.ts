import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";

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
});
