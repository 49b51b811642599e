import { signEdgeRequest } from "@ops/shared/edge-signature.ts";
import { describe, expect, it } from "vitest";
import type { BotLogger, WebhookRoute } from "./core/port.ts";
import { webhookApp } from "./webhooks.ts";

const SECRET = "edge-secret-0123456789";
const NOW = 1_780_000_000_000;

function setup(edge: boolean) {
  const seen: string[] = [];
  const lines: Array<{ level: string; msg: string }> = [];
  const rec = (level: string) => (msg: string) => void lines.push({ level, msg });
  const logger = { debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") } as unknown as BotLogger;
  const route: WebhookRoute = {
    method: "POST",
    path: "/bot/test/events",
    // The adapter still reads the raw body after the mark was checked.
    handle: async (request) => (seen.push(await request.text()), new Response("handled")),
  };
  const app = webhookApp([route], false, edge ? { secret: SECRET, logger, now: () => NOW } : undefined);
  const post = (body: string, headers: Record<string, string> = {}) => app.request("/bot/test/events", { method: "POST", body, headers });
  return { seen, lines, post };
}

describe("webhooks: the edge worker's X-OPS-Edge mark (OPS_EDGE_SECRET)", () => {
  const body = "token=x&command=%2Fops&text=help";

  it("passes a validly marked callback to the adapter, body intact, and logs it", async () => {
    const { seen, lines, post } = setup(true);
    const res = await post(body, { "x-ops-edge": await signEdgeRequest(SECRET, body, NOW / 1000) });
    expect(res.status).toBe(200);
    expect(seen).toEqual([body]);
    expect(lines).toContainEqual({ level: "debug", msg: "bot: callback forwarded by the edge" });
  });

  it("refuses a forged, tampered or stale mark with 401 before the adapter runs", async () => {
    const { seen, post } = setup(true);
    const forged = await post(body, { "x-ops-edge": await signEdgeRequest("another-secret-123456", body, NOW / 1000) });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: "invalid_edge_signature", reason: "invalid_signature" });
    const tampered = await post(`${body}&x=1`, { "x-ops-edge": await signEdgeRequest(SECRET, body, NOW / 1000) });
    expect(tampered.status).toBe(401);
    const stale = await post(body, { "x-ops-edge": await signEdgeRequest(SECRET, body, NOW / 1000 - 301) });
    expect(await stale.json()).toEqual({ error: "invalid_edge_signature", reason: "stale" });
    const garbage = await post(body, { "x-ops-edge": "nonsense" });
    expect(await garbage.json()).toEqual({ error: "invalid_edge_signature", reason: "malformed" });
    expect(seen).toEqual([]);
  });

  it("lets an unmarked callback through (the platform calling the origin directly)", async () => {
    const { seen, post } = setup(true);
    expect((await post(body)).status).toBe(200);
    expect(seen).toEqual([body]);
  });

  it("ignores the header when OPS_EDGE_SECRET is not set", async () => {
    const { seen, post } = setup(false);
    expect((await post(body, { "x-ops-edge": "nonsense" })).status).toBe(200);
    expect(seen).toEqual([body]);
  });
});
