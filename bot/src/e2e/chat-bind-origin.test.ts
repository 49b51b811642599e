/**
 * Without OPS_PUBLIC_URL the bind link still has an absolute URL: the origin the platform's
 * callback reached (Host, or X-Forwarded-Proto/-Host with OPS_TRUST_PROXY), and a warning at start.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ slack: true, publicUrl: null });
});
afterAll(async () => {
  await h?.close();
});

describe("bind links without OPS_PUBLIC_URL", () => {
  it("warns at start that the public URL is unset while a chat platform is configured", () => {
    expect(h.logs).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringContaining("OPS_PUBLIC_URL is not set"), fields: { platforms: ["slack"] } }));
  });

  it("links to the origin the Slack callback came in at", async () => {
    const mark = h.slack!.ephemerals.mark();
    const sent = await h.slack!.sendSlashCommand(`${h.url}/bot/slack/events`, { command: "/ops", text: "bind", user_id: "U0000ALICE" });
    expect(sent.status).toBe(200);
    const link = await h.slack!.ephemerals.waitFor((e) => e.user === "U0000ALICE", { since: mark });
    expect(JSON.stringify(link.blocks)).toMatch(new RegExp(`"${h.url.replace(/\./g, "\\.")}/account/bindings\\?code=[A-Z0-9]{4}-[A-Z0-9]{4}"`));
  });
});

describe("bind codes over Socket Mode without OPS_PUBLIC_URL", () => {
  it("shows the code to type in on the app's page instead of a link (no callback, no origin)", async () => {
    const s = await startBotHarness({ slack: { socket: true }, publicUrl: null });
    try {
      const mark = s.slack!.ephemerals.mark();
      await s.slack!.pushSlashCommand({ command: "/ops", text: "bind", user_id: "U0000BOB01" });
      const card = JSON.stringify((await s.slack!.ephemerals.waitFor((e) => e.user === "U0000BOB01", { since: mark })).blocks);
      expect(card).toMatch(/输入绑定码 \*[A-Z0-9]{4}-[A-Z0-9]{4}\*/);
      expect(card).not.toContain("/account/bindings?code=");
    } finally {
      await s.close();
    }
  });
});
