import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { ticketsApi } from "./tickets.testkit.ts";

const MIN = 60_000;

describe.each(ENGINES)("tickets: SLA reminders and breach on a fixed clock (%s)", (engine) => {
  let s: TestSystem;
  let tk: ReturnType<typeof ticketsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "tickets"] });
    tk = ticketsApi(s);
  });
  // Hours pass on the clock: access tokens would expire, so each call signs in afresh.
  const as = (u: string) => s.login(u);
  afterAll(() => s?.close());

  it("reminds the party waited on at 80 % of the target, flags the breach at 100 %, once each", async () => {
    const sweep = () => s.system.tickets.sweepSla();
    const id = (await tk.open(await as("songjia"), { priority: "urgent", title: "支付网关 502" })).body.data.id;
    // urgent: response 30 min → reminder at 24 min
    s.clock.advance(23 * MIN);
    expect(await sweep()).toEqual({ reminded: 0, breached: 0 });
    s.clock.advance(1 * MIN);
    expect(await sweep()).toEqual({ reminded: 1, breached: 0 });
    expect(await sweep()).toEqual({ reminded: 0, breached: 0 });
    expect((await tk.inbox(await as("luoting"), "ticket.sla"))[0]!.title).toMatch(/^工单 T-\d{5} 即将超时（响应时限）：支付网关 502$/);
    s.clock.advance(6 * MIN);
    expect(await sweep()).toEqual({ reminded: 0, breached: 1 });
    const late = (await tk.api("GET", `/tickets/${id}`, await as("luoting"))).body.data;
    expect(late.sla_breached).toBe(true);
    expect(late.events.map((e: { kind: string }) => e.kind)).toEqual(["created", "sla_reminder", "sla_breach"]);
    expect((await tk.inbox(await as("luoting"), "ticket.sla"))[0]!.title).toMatch(/已超时（响应时限）/);

    // once reviewed the resolution target (4 h from opening) runs: the PM is reminded at 3 h 12 min
    await tk.move(await as("luoting"), id, { action: "review_approve" });
    s.clock.advance(3 * 60 * MIN + 12 * MIN - 30 * MIN);
    expect(await sweep()).toEqual({ reminded: 1, breached: 0 });
    expect((await tk.inbox(await as("mazhiqiang"), "ticket.sla"))[0]!.title).toMatch(/即将超时（解决时限）/);
    // done before the target: nothing more
    await tk.move(await as("mazhiqiang"), id, { action: "assign", assignee: "hejun" });
    await tk.move(await as("hejun"), id, { action: "start" });
    await tk.move(await as("hejun"), id, { action: "submit" });
    s.clock.advance(60 * MIN);
    expect(await sweep()).toEqual({ reminded: 0, breached: 0 });
  });
});
