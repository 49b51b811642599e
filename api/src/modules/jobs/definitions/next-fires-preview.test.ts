import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { jobsApi } from "../jobs.testkit.ts";

describe.each(ENGINES)("jobs: next fires of an unsaved schedule (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    for (const u of ["admin", "lina"]) tok[u] = await s.login(u);
  });
  afterAll(() => s?.close());
  const preview = (token: string | undefined, body: unknown) => j.api("POST", "/jobs/next-fires-preview", token, body);

  it("lists the next fires in the schedule's zone, as a save would compute them", async () => {
    const before = await j.count("jobs");
    const r = await preview(tok.admin, { schedule: { cron: "0 30 2 * * *", timezone: "Asia/Shanghai" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.timezone).toBe("Asia/Shanghai");
    expect(r.body.data.fires).toHaveLength(5);
    // 02:30 in Shanghai is 18:30 UTC the day before, one day apart
    for (const f of r.body.data.fires) expect(f).toMatch(/T18:30:00\.000Z$/);
    const gaps = r.body.data.fires.slice(1).map((f: string, i: number) => Date.parse(f) - Date.parse(r.body.data.fires[i]));
    expect(new Set(gaps)).toEqual(new Set([86_400_000]));
    // the default zone, a fixed rate and a count
    const every = await preview(tok.admin, { schedule: { every_s: 60 }, count: 3 });
    expect(every.body.data).toMatchObject({ timezone: null });
    expect(every.body.data.fires).toHaveLength(3);
    expect((await preview(tok.admin, { schedule: { cron: "0 9 * * 1" } })).body.data.timezone).toBe("Asia/Shanghai");
    expect((await preview(tok.admin, { schedule: null })).body.data.fires).toEqual([]);
    expect(await j.count("jobs")).toBe(before);
  });

  it("names the field at fault in the caller's language", async () => {
    const bad = await preview(tok.admin, { schedule: { cron: "61 * * * *" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: "schedule.cron", message: t("zh-CN", "jobs.cron_invalid") }));
    const zone = await j.api("POST", "/jobs/next-fires-preview?lang=en", tok.admin, { schedule: { cron: "0 2 * * *", timezone: "Mars/Olympus" } });
    expect(zone.status).toBe(400);
    expect(zone.body.errors).toContainEqual(expect.objectContaining({ field: "schedule.timezone", message: t("en", "jobs.timezone_invalid", { timezone: "Mars/Olympus" }) }));
    expect((await preview(tok.admin, { schedule: { cron: "0 2 * * *" }, count: 500 })).status).toBe(400);
  });

  it("needs jobs:view and a sign-in", async () => {
    expect((await preview(undefined, { schedule: { every_s: 60 } })).status).toBe(401);
    const lina = await preview(tok.lina, { schedule: { every_s: 60 } });
    expect(lina.status).toBe(200);
  });
});
