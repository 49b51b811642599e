/**
 * A notification-webhook receiver (loopback): counts each `X-OPS-Delivery` id it is POSTed, so the checks can
 * compare what arrived with the send log. It answers 200 at once.
 */
export type Receiver = { url: string; received: Map<string, number>; stop(): Promise<void> };

export function startReceiver(): Receiver {
  const received = new Map<string, number>();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      await req.arrayBuffer();
      const id = req.headers.get("x-ops-delivery");
      if (req.method === "POST" && id) received.set(id, (received.get(id) ?? 0) + 1);
      return new Response("ok");
    },
  });
  return { url: `http://127.0.0.1:${server.port}/hook`, received, stop: () => server.stop(true) };
}
