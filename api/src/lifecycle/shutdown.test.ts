import { describe, expect, it } from "vitest";
import { createReadiness } from "./readiness.ts";
import { createShutdown, shutdownSteps, type ShutdownParts } from "./shutdown.ts";

const silent = { info() {}, warn() {}, error() {} };

/** A clock the steps move, and `after` timers that fire when the clock passes them. */
function testTime() {
  let t = 1_000;
  const timers: Array<{ at: number; fire: () => void }> = [];
  const advance = (ms: number) => {
    t += ms;
    for (const timer of timers.filter((x) => x.at <= t)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.fire();
    }
  };
  const after = (ms: number) => new Promise<void>((fire) => (ms <= 0 ? fire() : timers.push({ at: t + ms, fire })));
  return { now: () => t, after, advance };
}

function recordingParts(log: string[], overrides: Partial<ShutdownParts> = {}): ShutdownParts {
  return {
    drainReadiness: () => void log.push("readiness"),
    endStreams: () => void log.push("streams"),
    stopServer: async (force) => void log.push(force ? "server:force" : "server"),
    probesOnly: false,
    stopSchedulers: () => void log.push("schedulers"),
    disconnectChat: () => void log.push("chat"),
    drainConsumers: async (deadlineMs) => {
      log.push(`consumers:${deadlineMs}`);
      return { finished: 1, handedBack: 0 };
    },
    markStopped: async () => void log.push("node"),
    close: async () => void log.push("close"),
    ...overrides,
  };
}

describe("shutdown sequence", () => {
  it("runs readiness, schedulers (before the HTTP grace and the drain), HTTP, chat, consumers (with what is left of the deadline), node, close in that order, then exits 0", async () => {
    const time = testTime();
    const log: string[] = [];
    const exits: number[] = [];
    const parts = recordingParts(log, {
      // the HTTP step takes 4 s of the 25: the consumers get the rest minus the close reserve
      stopServer: async () => {
        log.push("server");
        time.advance(4_000);
      },
    });
    const shutdown = createShutdown({
      timeoutMs: 25_000, now: time.now, after: time.after, logger: silent, exit: (c) => void exits.push(c),
      steps: shutdownSteps(parts, { httpGraceMs: 10_000, closeReserveMs: 3_000, logger: silent }),
    });
    await shutdown.signal("SIGTERM");
    expect(log).toEqual(["readiness", "schedulers", "streams", "server", "chat", "consumers:18000", "node", "close"]);
    expect(exits).toEqual([0]);
  });

  it("a process serving only probes keeps answering them until its node says stopped", async () => {
    const log: string[] = [];
    const shutdown = createShutdown({
      timeoutMs: 25_000, logger: silent, exit: () => {},
      steps: shutdownSteps(recordingParts(log, { probesOnly: true }), { httpGraceMs: 10_000, closeReserveMs: 3_000, logger: silent }),
    });
    await shutdown.signal("SIGTERM");
    expect(log).toEqual(["readiness", "schedulers", "streams", "chat", expect.stringMatching(/^consumers:/), "node", "server", "close"]);
  });

  it("closes the connections still open once the HTTP grace has passed", async () => {
    const time = testTime();
    const log: string[] = [];
    let release = () => {};
    const parts = recordingParts(log, {
      stopServer: (force) => {
        log.push(force ? "server:force" : "server");
        if (force) {
          release();
          return Promise.resolve();
        }
        // a request that does not end: only a forced stop frees it
        return new Promise<void>((resolve) => {
          release = resolve;
          // once the grace timer is armed (just after this call returns)
          setImmediate(() => time.advance(10_000));
        });
      },
    });
    const exits: number[] = [];
    const shutdown = createShutdown({
      timeoutMs: 25_000, now: time.now, after: time.after, logger: silent, exit: (c) => void exits.push(c),
      steps: shutdownSteps(parts, { httpGraceMs: 10_000, closeReserveMs: 3_000, logger: silent }),
    });
    await shutdown.signal("SIGTERM");
    expect(log.slice(0, 5)).toEqual(["readiness", "schedulers", "streams", "server", "server:force"]);
    expect(log).toContain("consumers:12000");
    expect(exits).toEqual([0]);
  });

  it("exits 1 without the remaining steps when the deadline passes", async () => {
    const time = testTime();
    const log: string[] = [];
    const parts = recordingParts(log, {
      drainConsumers: (deadlineMs) => {
        log.push(`consumers:${deadlineMs}`);
        // a drain that never answers: the deadline ends it
        time.advance(25_000);
        return new Promise(() => {});
      },
    });
    const exits: number[] = [];
    const shutdown = createShutdown({
      timeoutMs: 25_000, now: time.now, after: time.after, logger: silent, exit: (c) => void exits.push(c),
      steps: shutdownSteps(parts, { httpGraceMs: 10_000, closeReserveMs: 3_000, logger: silent }),
    });
    await shutdown.signal("SIGTERM");
    expect(log).toEqual(["readiness", "schedulers", "streams", "server", "chat", "consumers:22000"]);
    expect(exits).toEqual([1]);
  });

  it("carries on after a failed step and exits 1 at the end", async () => {
    const log: string[] = [];
    const exits: number[] = [];
    const parts = recordingParts(log, { disconnectChat: () => Promise.reject(new Error("socket gone")) });
    const shutdown = createShutdown({
      timeoutMs: 25_000, logger: silent, exit: (c) => void exits.push(c),
      steps: shutdownSteps(parts, { httpGraceMs: 10_000, closeReserveMs: 3_000, logger: silent }),
    });
    await shutdown.signal("SIGINT");
    expect(log.at(-1)).toBe("close");
    expect(exits).toEqual([1]);
  });

  it("a second signal exits at once", async () => {
    const exits: number[] = [];
    let finishDrain = () => {};
    const parts = recordingParts([], { drainConsumers: () => new Promise((resolve) => (finishDrain = () => resolve({ finished: 0, handedBack: 0 }))) });
    const shutdown = createShutdown({
      timeoutMs: 25_000, logger: silent, exit: (c) => void exits.push(c),
      steps: shutdownSteps(parts, { httpGraceMs: 10_000, closeReserveMs: 3_000, logger: silent }),
    });
    const first = shutdown.signal("SIGTERM");
    await new Promise((r) => setImmediate(r));
    expect(shutdown.started).toBe(true);
    void shutdown.signal("SIGINT");
    expect(exits).toEqual([1]);
    finishDrain();
    await first;
  });
});

describe("readiness", () => {
  it("names the failing checks and says draining once a shutdown began, whatever the checks say", async () => {
    const readiness = createReadiness();
    readiness.add("store", () => true);
    readiness.add("queue", async () => false);
    readiness.add("consumers", () => {
      throw new Error("boom");
    });
    expect(await readiness.report()).toEqual({
      status: "not_ready", checks: { store: true, queue: false, consumers: false }, failing: ["queue", "consumers"], connections: {}, degraded: [],
    });
    readiness.add("queue", () => true);
    readiness.add("consumers", () => true);
    expect((await readiness.report()).status).toBe("ready");
    readiness.drain();
    expect(await readiness.report()).toMatchObject({ status: "draining", failing: [] });
  });

  it("reports connections beside the checks: one that is down (or throws) is degraded, never not ready", async () => {
    const readiness = createReadiness();
    readiness.add("store", () => true);
    let slack = false;
    readiness.connection("chat:slack", () => slack);
    readiness.connection("chat:feishu", () => {
      throw new Error("gone");
    });
    expect(await readiness.report()).toEqual({
      status: "ready", checks: { store: true }, failing: [], connections: { "chat:slack": false, "chat:feishu": false }, degraded: ["chat:slack", "chat:feishu"],
    });
    slack = true;
    expect(await readiness.report()).toMatchObject({ status: "ready", connections: { "chat:slack": true }, degraded: ["chat:feishu"] });
    readiness.add("store", () => false);
    expect(await readiness.report()).toMatchObject({ status: "not_ready", failing: ["store"], degraded: ["chat:feishu"] });
  });
});
