/**
 * The ack bench's baseline: a bare Hono route that answers the Slack webhook path with an empty
 * 200, in its own process like the OPS server it is compared with (same Bun.serve options as
 * api/src/main.ts). `GET /readyz` answers 200 so the bench waits for both servers the same way.
 *
 *   bun scripts/bench/ack-server.ts <port>
 */
import { Hono } from "hono";

// The same path as in ack.ts (importing this file would start a server).
const ACK_PATH = "/bot/slack/events";

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error("usage: bun scripts/bench/ack-server.ts <port>");
  process.exit(2);
}
const app = new Hono().post(ACK_PATH, (c) => c.body(null, 200)).get("/readyz", (c) => c.json({ status: "ready" }));
const server = Bun.serve({ port, hostname: "127.0.0.1", fetch: app.fetch, idleTimeout: 120 });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.stop(true).then(() => process.exit(0));
  });
}
console.log("ready");
