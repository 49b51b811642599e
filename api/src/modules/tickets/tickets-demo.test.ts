import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { ticketsApi } from "./tickets.testkit.ts";

describe("tickets: demo parties and sample tickets", () => {
  let s: TestSystem;
  let tk: ReturnType<typeof ticketsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ demoSeeders: ["company", "tickets", "tickets-samples"] });
    tk = ticketsApi(s);
  });
  afterAll(() => s?.close());

  it("gives each of the four parties work to see, through the API's own rules", async () => {
    const board = async (u: string, q: string) => (await tk.api("GET", `/tickets?${q}`, await s.login(u))).body.data;
    expect((await board("songjia", "view=mine")).counts).toMatchObject({ pending_review: 1, assigned: 1, done: 1 });
    expect((await board("luoting", "view=to_review")).items.map((t: { title: string }) => t.title)).toEqual(["客服系统工单导出 Excel 乱码"]);
    expect((await board("hejun", "view=assigned&status=open")).total).toBe(2);
    const done = (await board("songjia", "status=done")).items[0];
    expect((await tk.api("GET", `/tickets/${done.id}`, await s.login("songjia"))).body.data).toMatchObject({
      allowed_actions: ["confirm", "send_back"], events: [{ kind: "created" }, { action: "review_approve" }, { action: "assign" }, { action: "start" }, { action: "submit" }],
    });
    // the high-priority one has waited 3 h for review (target 2 h): the sweep flags it
    expect(await s.system.tickets.sweepSla()).toMatchObject({ breached: 1 });
  });
});
