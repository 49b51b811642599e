/**
 * The cluster test's verdicts must be able to fail: each check is fed rows (a stand-in for the tagged-template
 * SQL client) that show a double fire, a gap, a lost or repeated delivery, a missed or repeated stream event.
 */
import type { SQL } from "bun";
import { describe, expect, it } from "vitest";
import { checkCron, checkNotifications, checkSse } from "./checks.ts";
import type { Fixtures } from "./load.ts";
import type { Receiver } from "./receiver.ts";
import type { SseClient } from "./sse-clients.ts";

/** Answers each query with the rows of the first pattern its text matches. */
function fakeDb(answers: Array<[RegExp, unknown[]]>): SQL {
  return ((strings: TemplateStringsArray) => {
    const text = strings.join("?");
    const hit = answers.find(([re]) => re.test(text));
    if (!hit) throw new Error(`unexpected query: ${text}`);
    return Promise.resolve(hit[1]);
  }) as unknown as SQL;
}

const fx: Fixtures = { adminId: "u1", cronJobs: [{ id: "j1", name: "cl_cron_1" }], manualJobId: "m", webhookId: "w" };
const at = (s: number) => ({ scheduled_for: new Date(Date.UTC(2026, 11, 5, 12, 0, s)).toISOString() });
const from = Date.UTC(2026, 11, 5, 12, 0, 0);
const to = Date.UTC(2026, 11, 5, 12, 0, 3);

describe("checkCron", () => {
  it("passes when every second fired once", async () => {
    const c = await checkCron(fakeDb([[/job_runs/, [at(0), at(1), at(2), at(3)]]]), fx, from, to);
    expect(c.ok, c.detail).toBe(true);
    expect(c.detail).toContain("4/4 occurrences");
  });

  it("names a gap and a double fire", async () => {
    const c = await checkCron(fakeDb([[/job_runs/, [at(0), at(1), at(1), at(3)]]]), fx, from, to);
    expect(c.ok).toBe(false);
    expect(c.detail).toContain("cl_cron_1 missed 1 occurrence(s): 12:00:02");
    expect(c.detail).toContain("more than once: 12:00:01×2");
  });
});

const receiver = (ids: Array<[string, number]>): Receiver => ({ url: "", received: new Map(ids), stop: async () => {} });
const delivery = (id: string, o: Partial<{ status: string; sent: number; interrupted: number }> = {}) =>
  ({ id, channel: "webhook", status: "sent", sent: 1, interrupted: 0, ...o });
const notifyDb = (deliveries: unknown[], dupInbox: unknown[] = []) => fakeDb([
  [/GROUP BY event_id, user_id/, dupInbox],
  [/COUNT\(\*\)::int AS n FROM notifications/, [{ n: 2 }]],
  [/FROM notify_deliveries/, deliveries],
]);

describe("checkNotifications", () => {
  it("passes when each delivery was sent and received once", async () => {
    const c = await checkNotifications(notifyDb([delivery("d1"), delivery("d2")]), receiver([["d1", 1], ["d2", 1]]));
    expect(c.ok, c.detail).toBe(true);
  });

  it("fails on a duplicate inbox row, a lost delivery and a repeat nobody interrupted", async () => {
    const c = await checkNotifications(
      notifyDb([delivery("d1"), delivery("d2"), delivery("d3", { status: "queued", sent: 0 })], [{ event_id: "e1", user_id: "u1", n: 2 }]),
      receiver([["d1", 2]]),
    );
    expect(c.ok).toBe(false);
    expect(c.detail).toContain("e1→u1×2");
    expect(c.detail).toContain("never finished: webhook/d3");
    expect(c.detail).toContain("logged sent but never received: d2");
    expect(c.detail).toContain("received more often than attempted: d1×2");
  });

  it("accepts a repeat at the receiver after an interrupted attempt (at-least-once)", async () => {
    const c = await checkNotifications(notifyDb([delivery("d1", { interrupted: 1 })]), receiver([["d1", 2]]));
    expect(c.ok, c.detail).toBe(true);
  });
});

const client = (name: string, seen: Array<[string, number]>): SseClient => ({ name, seen: new Map(seen), endedEarly: null, close() {} });

describe("checkSse", () => {
  const rows: Array<[RegExp, unknown[]]> = [[/FROM notifications/, [{ id: "n1" }, { id: "n2" }]]];

  it("passes when every stream saw every notification once", async () => {
    const c = await checkSse(fakeDb(rows), fx, "", [client("web1/sse1", [["n1", 1], ["n2", 1]]), client("web2/sse1", [["n1", 1], ["n2", 1]])]);
    expect(c.ok, c.detail).toBe(true);
  });

  it("names the stream that missed one (another process's notification) and the one that got it twice", async () => {
    const c = await checkSse(fakeDb(rows), fx, "", [client("web1/sse1", [["n1", 1]]), client("web2/sse1", [["n1", 1], ["n2", 2]])]);
    expect(c.ok).toBe(false);
    expect(c.detail).toContain("web1/sse1 missed 1/2");
    expect(c.detail).toContain("web2/sse1 got 1 more than once: n2×2");
  });
});
