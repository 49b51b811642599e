import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal } from "./chat-server.ts";
import { type SlackFake, startSlackFake } from "./slack.ts";

let fake: SlackFake;
beforeEach(async () => {
  fake = await startSlackFake();
});
afterEach(() => fake.stop());

const open = async (token: string) =>
  (await (await fetch(`${fake.apiUrl}apps.connections.open`, { method: "POST", headers: { authorization: `Bearer ${token}` } })).json()) as { ok: boolean; url?: string; error?: string };

/** A bare WebSocket client, to pin the wire format independently of the SDK. */
async function connect(url: string): Promise<{ socket: WebSocket; frames: Journal<Record<string, unknown>> }> {
  const frames = new Journal<Record<string, unknown>>("client frames");
  const socket = new WebSocket(url);
  socket.onmessage = (e) => frames.add(JSON.parse(String(e.data)) as Record<string, unknown>);
  await frames.waitFor((f) => f.type === "hello");
  return { socket, frames };
}

describe("Slack Socket Mode stand-in", () => {
  it("opens a socket only for the app-level token, once per ticket", async () => {
    expect(await open(fake.botToken)).toEqual({ ok: false, error: "not_allowed_token_type" });
    expect(await open("xapp-wrong")).toEqual({ ok: false, error: "invalid_auth" });
    const granted = await open(fake.appToken);
    expect(granted).toMatchObject({ ok: true, url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/) });
    const { socket } = await connect(granted.url!);
    expect(fake.socketConnections.items).toEqual([expect.objectContaining({ open: true })]);
    const reused = await fetch(granted.url!.replace(/^ws/, "http"), { headers: { upgrade: "websocket" } });
    expect(reused.status).toBe(401);
    socket.close();
    await fake.socketClosed.waitFor();
  });

  it("sends envelopes and resolves pushes with the app's ack", async () => {
    const { socket, frames } = await connect((await open(fake.appToken)).url!);
    frames.subscribe((f) => {
      if (typeof f.envelope_id === "string") socket.send(JSON.stringify({ envelope_id: f.envelope_id, payload: f.type === "slash_commands" ? { response_type: "in_channel", text: "on it" } : {} }));
    });
    const ack = await fake.pushSlashCommand({ command: "/ops", text: "run backup" });
    const envelope = frames.items.find((f) => f.type === "slash_commands")!;
    expect(envelope).toMatchObject({ envelope_id: ack.envelope_id, accepts_response_payload: true, payload: { command: "/ops", text: "run backup", team_id: fake.teamId } });
    // A JSON ack payload is shown like an HTTP ack body.
    expect(fake.messagesIn("C0000OPS1")).toEqual([expect.objectContaining({ text: "on it", via: "ack" })]);
    const evAck = await fake.pushEvent({ type: "app_mention", text: "hi" }, { eventId: "Ev1", retryAttempt: 2, retryReason: "timeout" });
    expect(frames.items.find((f) => f.envelope_id === evAck.envelope_id)).toMatchObject({
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 2,
      payload: { type: "event_callback", event_id: "Ev1", event: { type: "app_mention" } },
    });
    socket.close();
    await fake.socketClosed.waitFor();
    await expect(fake.pushSlashCommand({ command: "/ops" })).rejects.toThrow(/no open Socket Mode connection/);
  });
});
