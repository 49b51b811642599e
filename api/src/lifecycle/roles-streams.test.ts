import { describe, expect, it } from "vitest";
import { roleFetch, servesPath } from "./roles.ts";
import { createStreamCloser } from "./streams.ts";

describe("what a process serves by its roles", () => {
  it("probes on every role, /bot/* with bot, the rest with web", () => {
    for (const roles of [["worker"], ["scheduler"], ["bot"], ["web"]]) {
      for (const path of ["/healthz", "/readyz", "/readyz/", "/metrics"]) expect(servesPath(path, roles)).toBe(true);
    }
    expect(servesPath("/api/v1/users", ["worker", "scheduler"])).toBe(false);
    expect(servesPath("/", ["worker"])).toBe(false);
    expect(servesPath("/api/docs", ["bot"])).toBe(false);
    expect(servesPath("/bot/slack/events", ["bot"])).toBe(true);
    expect(servesPath("/bot/slack/events", ["web", "worker"])).toBe(false);
    expect(servesPath("/api/v1/users", ["web"])).toBe(true);
    expect(servesPath("/", ["web"])).toBe(true);
  });

  it("answers 404 naming the role that serves the path, in the caller's language", async () => {
    const fetch = roleFetch(["scheduler"], () => new Response("served"));
    expect(await (await fetch(new Request("http://x/readyz"), undefined)).text()).toBe("served");
    const zh = await fetch(new Request("http://x/api/v1/users"), undefined);
    expect(zh.status).toBe(404);
    expect(await zh.json()).toMatchObject({ code: "common.route_not_found", message: expect.stringContaining("web"), data: { roles: ["scheduler"], needs: "web" } });
    const en = await fetch(new Request("http://x/bot/slack/events", { headers: { "accept-language": "en-US" } }), undefined);
    expect((await en.json()).message).toBe("This OPS process (roles: scheduler) does not serve /bot/slack/events: processes with the bot role do");
  });
});

describe("ending event streams at shutdown", () => {
  it("ends the client's stream cleanly and cancels the route's", async () => {
    const closer = createStreamCloser();
    let cancelled = false;
    const route = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("event: hello\ndata: {}\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const tracked = closer.track(new Response(route, { headers: { "content-type": "text/event-stream" } }));
    expect(tracked.headers.get("content-type")).toBe("text/event-stream");
    const reader = tracked.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: hello");
    expect(closer.open).toBe(1);
    const next = reader.read();
    expect(closer.endAll()).toBe(1);
    expect(await next).toEqual({ done: true, value: undefined });
    expect(cancelled).toBe(true);
    expect(closer.open).toBe(0);
  });

  it("leaves other responses alone and forgets streams that ended on their own", async () => {
    const closer = createStreamCloser();
    const json = Response.json({ a: 1 });
    expect(closer.track(json)).toBe(json);
    const tracked = closer.track(new Response("data: x\n\n", { headers: { "content-type": "text/event-stream; charset=utf-8" } }));
    expect(await tracked.text()).toBe("data: x\n\n");
    expect(closer.open).toBe(0);
  });
});
