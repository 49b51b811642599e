import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";

describe.each(ENGINES)("jobs: YAML export and import (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  let dev: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    dev = await s.login("liuyang");
  });
  afterAll(() => s?.close());

  const exportText = async (query = "") => {
    const res = await s.system.app.request(`/api/v1/jobs/export${query}`, { headers: { authorization: `Bearer ${dev}` } });
    expect(res.headers.get("content-type")).toContain("application/yaml");
    return res.text();
  };
  const importYaml = (yaml: string, extra: Record<string, unknown> = {}, token = dev) => j.api("POST", "/jobs/import", token, { yaml, ...extra });

  it("exports definitions without ids and imports them back in one transaction, or nothing", async () => {
    await j.create(dev, shellJob("nightly-vacuum", "echo vacuum {bizDate}", { schedule: { cron: "0 0 4 * * *" }, tags: ["db"] }));
    await j.create(dev, shellJob("weekly-report", "echo report", { schedule: { cron: "0 0 9 * * 1", timezone: "Asia/Shanghai" } }));
    await j.api("POST", "/jobs/weekly-report/pause", dev);
    const text = await exportText("?type=shell");
    const doc = parse(text);
    expect(doc.version).toBe(1);
    expect(doc.jobs.map((x: { name: string; status: string }) => `${x.name}:${x.status}`).sort()).toEqual(["nightly-vacuum:enabled", "weekly-report:paused"]);
    expect(text).not.toContain("next_fire_at");
    expect(doc.jobs[0]).not.toHaveProperty("id");

    const before = await j.count("jobs");
    // the same names again in create mode: both are taken, nothing is written
    const taken = await importYaml(text);
    expect(taken.status).toBe(400);
    expect(taken.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["jobs.0.name", "jobs.1.name"]);
    // renamed copies: a dry run says what would happen, then the import creates them with their status
    const copies = text.replaceAll("name: nightly-vacuum", "name: nightly-vacuum-b").replaceAll("name: weekly-report", "name: weekly-report-b");
    expect((await importYaml(copies, { dry_run: true })).body.data).toEqual({ dry_run: true, items: [{ name: expect.stringMatching(/-b$/), action: "create" }, { name: expect.stringMatching(/-b$/), action: "create" }] });
    expect(await j.count("jobs")).toBe(before);
    expect((await importYaml(copies)).status).toBe(200);
    expect(await j.count("jobs")).toBe(before + 2);
    expect((await j.api("GET", "/jobs/weekly-report-b", dev)).body.data).toMatchObject({ status: "paused", schedule: { cron: "0 0 9 * * 1" } });
    // upsert updates what exists
    const changed = copies.replace("echo report", "echo report v2");
    expect((await importYaml(changed, { mode: "upsert" })).body.data.items.every((x: { action: string }) => x.action === "update")).toBe(true);
    expect((await j.api("GET", "/jobs/weekly-report-b", dev)).body.data.config.command).toBe("echo report v2");
    const audit = await j.api("GET", "/audit/logs?module=jobs&action=import&page_size=50", await s.login("admin"));
    expect(audit.body.data.items[0]).toMatchObject({ action_name: "导入作业定义", actor_name: "liuyang" });
  });

  it("names every problem by entry and field, and writes nothing", async () => {
    const before = await j.count("jobs");
    const yaml = [
      "version: 1",
      "jobs:",
      "  - {name: ok-one, type: shell, config: {command: 'true'}}",
      "  - {name: bad-cron, type: shell, config: {command: 'true'}, schedule: {cron: '99 * * * *'}}",
      "  - {name: ok-one, type: shell, config: {command: 'true'}}",
      "  - {name: no-url, type: http, config: {method: GET}}",
      "  - {name: odd-status, type: shell, config: {command: 'true'}, status: sleeping}",
    ].join("\n");
    const r = await importYaml(yaml);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(expect.arrayContaining([
      { field: "jobs.1.schedule.cron", message: t("zh-CN", "jobs.cron_invalid") },
      { field: "jobs.2.name", message: t("zh-CN", "jobs.yaml_duplicate_name", { name: "ok-one", first: 0 }) },
      { field: "jobs.3.config.url", message: t("zh-CN", "validation.required") },
      { field: "jobs.4.status", message: t("zh-CN", "validation.invalid_option", { options: "enabled, paused" }) },
    ]));
    expect((await importYaml("jobs: [")).body.errors[0].field).toBe("yaml");
    expect((await importYaml("just: text")).body.errors).toEqual([{ field: "yaml", message: t("zh-CN", "jobs.yaml_shape") }]);
    expect((await importYaml(yaml, {}, await s.login("lina"))).status).toBe(403);
    expect(await j.count("jobs")).toBe(before);
  });
});
