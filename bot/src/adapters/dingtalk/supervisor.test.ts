import { describe, expect, it } from "vitest";
import { Journal } from "../../../../scripts/fakes/index.ts";
import { type ConnectionHooks, ConnectionSupervisor, type SupervisorOptions, type SupervisorState } from "./supervisor.ts";


/** A scripted transport: each connect() takes the next outcome; the test drives the hooks. */
function harness(outcomes: Array<"ok" | "fail">, opts: Partial<SupervisorOptions> = {}) {
  const states = new Journal<SupervisorState>("states");
  const warnings = new Journal<string>("warnings");
  const conns: Array<{ hooks: ConnectionHooks; closed?: boolean }> = [];
  let clock = 0;
  const sup = new ConnectionSupervisor(
    async (hooks) => {
      if ((outcomes.shift() ?? "ok") === "fail") throw new Error("refused");
      const c: { hooks: ConnectionHooks; closed?: boolean } = { hooks };
      conns.push(c);
      return { close: (graceful) => void (c.closed = graceful) };
    },
    { info() {}, warn: (msg) => void warnings.add(msg) },
    { minBackoffMs: 5, maxBackoffMs: 30, healthyMs: 1000, idleMs: 60_000, random: () => 0, now: () => clock, onState: (s) => states.add(s), ...opts },
  );
  return { sup, states, warnings, conns, advance: (ms: number) => void (clock += ms) };
}

const waits = (states: Journal<SupervisorState>) => states.items.flatMap((s) => (s.state === "waiting" ? [s.delayMs] : []));

describe("ConnectionSupervisor", () => {
  it("backs off exponentially up to the maximum while connecting fails, then connects", async () => {
    const { sup, states } = harness(["fail", "fail", "fail", "fail", "ok"]);
    await sup.start();
    await states.waitFor((s) => s.state === "connected");
    expect(waits(states)).toEqual([5, 10, 20, 30]);
    sup.stop();
  });

  it("adds jitter within one minimum step", async () => {
    const { sup, states } = harness(["fail", "ok"], { random: () => 0.5 });
    await sup.start();
    await states.waitFor((s) => s.state === "connected");
    expect(waits(states)).toEqual([8]);
    sup.stop();
  });

  it("resets the backoff only after a connection stayed up for the healthy period", async () => {
    const { sup, states, conns, advance } = harness(["fail", "fail", "ok", "ok", "ok"]);
    await sup.start();
    await states.waitFor((s) => s.state === "connected");
    conns[0]!.hooks.onClosed(); // died at once: the backoff keeps growing
    let since = states.mark();
    await states.waitFor((s) => s.state === "connected", { since });
    advance(1000);
    conns[1]!.hooks.onClosed(); // lived long enough: back to the minimum
    since = states.mark();
    await states.waitFor((s) => s.state === "connected", { since });
    expect(waits(states)).toEqual([5, 10, 20, 5]);
    sup.stop();
  });

  it("keeps the old connection when a warm reconnect fails, and ignores hooks of replaced connections", async () => {
    const { sup, states, warnings, conns } = harness(["ok", "fail", "ok"]);
    await sup.start();
    await states.waitFor((s) => s.state === "connected");
    const since = states.mark();
    conns[0]!.hooks.onDisconnectRequested("maintenance");
    await warnings.waitFor((w) => w.includes("connect failed"));
    expect(conns[0]!.closed).toBeUndefined();
    conns[0]!.hooks.onDisconnectRequested("again");
    await states.waitFor((s) => s.state === "connected", { since });
    expect(conns[0]!.closed).toBe(true); // closed gracefully after the new one was up
    const mark = states.mark();
    conns[0]!.hooks.onClosed();
    conns[0]!.hooks.onDisconnectRequested("stale");
    expect(states.items.slice(mark)).toEqual([]);
    sup.stop();
    expect(conns[1]!.closed).toBe(false);
  });
});
