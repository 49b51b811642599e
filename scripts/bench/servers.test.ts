/**
 * spawnServer with an announced port: the child is given PORT=0, binds a port the kernel picks and prints it; the
 * server's URL is the announced one. A port probed free and bound later was once taken in between by another
 * process, whose /readyz then answered for the child (two cluster-test setups started their first processes at once).
 */
import { expect, it } from "vitest";
import { BUN, spawnServer } from "./servers.ts";

// a stand-in for `bun api/src/main.ts`: it listens on PORT, answers /readyz with the PORT it was given, prints a banner
const STAND_IN = `
const server = Bun.serve({ port: Number(process.env.PORT), hostname: "127.0.0.1", fetch: () => Response.json({ given: process.env.PORT, pid: process.pid }) });
console.log("some output first");
console.log("  OPS is running: http://127.0.0.1:" + server.port);
`;

it("takes the port a child announces (it was given PORT=0)", async () => {
  const server = await spawnServer("stand-in", () => [BUN, "-e", STAND_IN], {}, 30_000, /is running: http:\/\/[^\s]+:(\d+)/);
  try {
    const answer = (await (await fetch(`${server.url}/readyz`)).json()) as { given: string; pid: number };
    expect(answer).toEqual({ given: "0", pid: server.pid });
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
  } finally {
    await server.stop();
  }
});
