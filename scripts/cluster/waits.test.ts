/**
 * The cluster test's waits end: a wait past its deadline fails naming what it waited for and the last state seen,
 * the open waits can be listed, and the watchdog reports them and exits.
 */
import { describe, expect, it } from "vitest";
import { openWaits, WaitTimeout, watchdog, within } from "./waits.ts";

const never = () => new Promise<never>(() => {});

describe("within", () => {
  it("answers what the work answers, and forgets the wait", async () => {
    await expect(within("a quick answer", 5_000, Promise.resolve(7))).resolves.toBe(7);
    await expect(within("a refusal", 5_000, async () => {
      throw new Error("refused");
    })).rejects.toThrow("refused");
    expect(openWaits()).toEqual([]);
  });

  it("fails past its deadline with what it waited for and the last state seen", async () => {
    let seen = "2 of 4 streams ready";
    const wait = within("web2/sse1: the stream's ready event", 20, never(), () => seen);
    seen = "3 of 4 streams ready";
    const e = await wait.catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WaitTimeout);
    expect((e as Error).message).toMatch(/^no end after 0\.0 s waiting for web2\/sse1: the stream's ready event; last state: 3 of 4 streams ready$/);
    expect(openWaits()).toEqual([]);
  });

  it("lists the waits still open, with their state", async () => {
    const stop = Promise.withResolvers<void>();
    const wait = within("worker2 to exit", 60_000, stop.promise, () => "SIGKILL sent");
    expect(openWaits()).toEqual([expect.stringMatching(/^worker2 to exit \(for \d+\.\d s; last state: SIGKILL sent\)$/)]);
    stop.resolve();
    await wait;
    expect(openWaits()).toEqual([]);
  });

  it("reports a state function that throws instead of throwing itself", async () => {
    const e = await within("a poll", 10, never(), () => {
      throw new Error("no rows yet");
    }).catch((err: Error) => err);
    expect(e.message).toContain("last state: (state unreadable: no rows yet)");
  });
});

describe("watchdog", () => {
  it("reports the waits still open and exits 1 once the budget is spent", async () => {
    const exited = Promise.withResolvers<number>();
    const stop = Promise.withResolvers<void>();
    const open = within("web1: POST /jobs/cl_manual/runs", 60_000, stop.promise, () => "1 request in flight");
    const lines: string[] = [];
    const dog = watchdog(10, () => "now: pg: settling", { exit: (code) => exited.resolve(code), write: (text) => lines.push(text) });
    expect(await exited.promise).toBe(1);
    dog.stop();
    stop.resolve();
    await open;
    expect(lines.join("")).toMatch(/WATCHDOG: the cluster test is still running after 0\.0 s \(now: pg: settling\); exiting\. Open waits:\n {2}- web1: POST \/jobs\/cl_manual\/runs \(for \d+\.\d s; last state: 1 request in flight\)/);
  });
});
