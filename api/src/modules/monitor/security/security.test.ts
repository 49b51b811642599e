import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecurityDetector } from "@ops/shared/contracts/monitor.ts";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { createLogger } from "../../../platform/logger.ts";
import { api, signIn, totpCode, userIdOf } from "../../iam/auth-testkit.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { AlertRaiser, SecurityOccurrence } from "../ports.ts";
import { createSecurityPart } from "./index.ts";

const RULES: Record<SecurityDetector, { threshold: number; window_s: number }> = {
  "login.failures_per_address": { threshold: 20, window_s: 600 },
  "login.failures_per_account": { threshold: 10, window_s: 600 },
  "login.many_addresses": { threshold: 2, window_s: 3600 },
  "mfa.disabled": { threshold: 1, window_s: 60 },
  "role.admin_granted": { threshold: 1, window_s: 60 },
  "audit.verify_failed": { threshold: 1, window_s: 3600 },
};

/** A raiser that records what it is asked to raise (the alerts part is tested on its own). */
function recordingRaiser() {
  const raised: Array<SecurityOccurrence & { ruleId: string }> = [];
  const raiser: AlertRaiser = {
    rulesOf: async (detector) => [{ id: `rule:${detector}`, ...RULES[detector], level: "P2" }],
    raise: async (ruleId, o) => void raised.push({ ruleId, ...o }),
  };
  return { raiser, raised, of: (d: SecurityDetector) => raised.filter((r) => r.detector === d) };
}

type Verify = MonitorDeps["verifyAudit"];
const ok: Verify = async () => ({ ok: true, checked: 0, first_bad: null });

function securityPart(s: TestSystem, raiser: AlertRaiser, verifyAudit: Verify = ok) {
  const deps = { db: s.system.db, clock: s.clock, logger: createLogger("silent"), verifyAudit, options: { evaluateMs: 60_000 } } as unknown as MonitorDeps;
  return createSecurityPart(deps, { raiser });
}

const failFrom = (s: TestSystem, ip: string, username: string) => signIn(s, username, "Wrong#Pass1", { "x-forwarded-for": ip });

describe.each(ENGINES)("security detectors (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let rec: ReturnType<typeof recordingRaiser>;
  let part: ReturnType<typeof createSecurityPart>;

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
    rec = recordingRaiser();
    part = securityPart(s, rec.raiser);
    await part.detect(); // the cursor starts here
  });
  afterAll(() => s?.close());

  it("50 failing sign-ins from one address are one raise per rule and group, counted once: not again next pass nor after a restart", async () => {
    for (let i = 0; i < 50; i++) expect((await failFrom(s, "203.0.113.7", "nobody")).status).toBeGreaterThanOrEqual(400);
    await part.detect();
    expect(rec.of("login.failures_per_address")).toEqual([
      expect.objectContaining({ ruleId: "rule:login.failures_per_address", labels: { address: "203.0.113.7" }, value: 50, summary: expect.stringContaining("203.0.113.7") }),
    ]);
    expect(rec.of("login.failures_per_account")).toEqual([expect.objectContaining({ labels: { account: "nobody" }, value: 50 })]);
    await part.detect();
    const restarted = securityPart(s, rec.raiser);
    await restarted.detect();
    expect(rec.raised).toHaveLength(2);

    // the burst goes on: one more raise for the group (the alerts part adds it to the same alert as an occurrence)
    for (let i = 0; i < 3; i++) await failFrom(s, "203.0.113.7", `other${i}`);
    await restarted.detect();
    expect(rec.of("login.failures_per_address").map((r) => r.value)).toEqual([50, 53]);
    expect(rec.of("login.failures_per_account")).toHaveLength(1);
    await part.detect(); // the first instance, still around, shares the cursor
    expect(rec.raised).toHaveLength(3);
  });

  it("counts within the rule's window from its threshold: 19 failures raise nothing, nor one more 10 minutes later", async () => {
    const before = rec.raised.length;
    for (let i = 0; i < 19; i++) await failFrom(s, "203.0.113.8", `user${i}`);
    await part.detect();
    s.clock.advance(601_000);
    await failFrom(s, "203.0.113.8", "user99");
    await part.detect();
    expect(rec.raised.slice(before)).toEqual([]);
  });

  it("one account signing in from more distinct addresses than the threshold within the window", async () => {
    const before = rec.raised.length;
    for (const ip of ["198.51.100.1", "198.51.100.2", "198.51.100.1"]) expect((await signIn(s, "lina", undefined, { "x-forwarded-for": ip })).status).toBe(200);
    await part.detect();
    expect(rec.raised.slice(before)).toEqual([]);
    await signIn(s, "lina", undefined, { "x-forwarded-for": "198.51.100.3" });
    await part.detect();
    expect(rec.raised.slice(before)).toEqual([expect.objectContaining({ detector: "login.many_addresses", labels: { account: "lina" }, value: 3 })]);
  });

  it("MFA turned off raises mfa.disabled for the user; turning it on raises nothing", async () => {
    const before = rec.raised.length;
    const t = (await signIn(s, "liuyang")).body.data.access_token as string;
    const secret = (await api(s, "POST", "/auth/mfa/totp/setup", t)).body.data.secret as string;
    expect((await api(s, "POST", "/auth/mfa/totp/enable", t, { code: totpCode(secret, s) })).status).toBe(200);
    s.clock.advance(30_000);
    await part.detect();
    expect(rec.raised.slice(before)).toEqual([]);
    const challenge = (await signIn(s, "liuyang")).body.data.mfa_token as string;
    const token = (await api(s, "POST", "/auth/mfa/verify", undefined, { mfa_token: challenge, code: totpCode(secret, s) })).body.data.access_token as string;
    expect((await api(s, "POST", "/auth/mfa/disable", token, { password: "Ops@demo2026" })).status).toBe(200);
    await part.detect();
    expect(rec.raised.slice(before)).toEqual([expect.objectContaining({ detector: "mfa.disabled", labels: { user: "liuyang" }, summary: expect.stringContaining("liuyang") })]);
  });

  it("a role holding every permission granted to a user (update or create) raises role.admin_granted; other roles do not", async () => {
    const before = rec.raised.length;
    const roleId = async (code: string) => (await s.system.db.get<{ id: string }>("SELECT id FROM roles WHERE code = ?", [code]))!.id;
    const superAdmin = await roleId("super_admin");
    const wangfang = await userIdOf(s, "wangfang");
    expect((await api(s, "PUT", `/users/${wangfang}`, admin, { role_ids: [await roleId("ops_specialist"), await roleId("ops_manager")] })).status).toBe(200);
    await part.detect();
    expect(rec.raised.slice(before)).toEqual([]);
    expect((await api(s, "PUT", `/users/${wangfang}`, admin, { role_ids: [await roleId("ops_specialist"), superAdmin] })).status).toBe(200);
    const dept = (await s.system.db.get<{ dept_id: string }>("SELECT dept_id FROM users WHERE id = ?", [wangfang]))!.dept_id;
    const created = await api(s, "POST", "/users", admin, { username: "root2", display_name: "Root Two", dept_id: dept, role_ids: [superAdmin] });
    expect(created.status).toBe(201);
    // a refused grant changes nothing and raises nothing
    expect((await api(s, "PUT", `/users/${wangfang}`, await s.login("lina"), { role_ids: [superAdmin] })).status).toBe(403);
    await part.detect();
    // (lina's own sign-in above counts again towards her many-addresses group: not this rule's business)
    expect(rec.raised.slice(before).filter((r) => r.detector !== "login.many_addresses").map((r) => [r.detector, r.labels])).toEqual([
      ["role.admin_granted", { user: "wangfang", role: "super_admin" }],
      ["role.admin_granted", { user: "root2", role: "super_admin" }],
    ]);
  });

  it("a role its holders keep coming to hold every permission (moved under the super admin) raises role.admin_granted for each holder", async () => {
    const before = rec.raised.length;
    const role = await api(s, "POST", "/roles", admin, { code: "helpers", name: "助手", data_scope: "SELF", permissions: ["monitor:view"] });
    expect(role.status).toBe(201);
    const roleId = role.body.data.id as string;
    const lina = await userIdOf(s, "lina");
    const linaRoles = (await s.system.db.all<{ role_id: string }>("SELECT role_id FROM user_roles WHERE user_id = ?", [lina])).map((r) => r.role_id);
    expect((await api(s, "PUT", `/users/${lina}`, admin, { role_ids: [...linaRoles, roleId] })).status).toBe(200);
    expect((await api(s, "PUT", `/roles/${roleId}`, admin, { permissions: ["monitor:view", "monitor:ack"] })).status).toBe(200);
    await part.detect();
    expect(rec.raised.slice(before).filter((r) => r.detector === "role.admin_granted")).toEqual([]);
    // `*` is the built-in super admin's alone: a role comes to hold it by moving under it
    const superAdmin = (await s.system.db.get<{ id: string }>("SELECT id FROM roles WHERE code = 'super_admin'"))!.id;
    const moved = await api(s, "PUT", `/roles/${roleId}`, admin, { parent_id: superAdmin });
    expect(moved.status).toBe(200);
    expect(moved.body.data.inherited_permissions).toContain("*");
    await part.detect();
    expect(rec.raised.slice(before).filter((r) => r.detector === "role.admin_granted").map((r) => r.labels)).toEqual([{ user: "lina", role: "helpers" }]);
  });

  it("the audit chain check runs hourly; a failing one raises audit.verify_failed", async () => {
    const failing = recordingRaiser();
    let checks = 0;
    const bad: Verify = async () => {
      checks++;
      return { ok: false, checked: 10, first_bad: { table: "audit_logs", seq: 7, id: "x", reason: "hash mismatch" } };
    };
    // a cursor of its own (another store position would share it): the check's pace is per store, so use a fresh system
    const t = await createTestSystem({ engine, demoSeeders: ["company"] });
    try {
      const p = securityPart(t, failing.raiser, bad);
      await p.detect();
      expect(failing.raised).toEqual([expect.objectContaining({ detector: "audit.verify_failed", labels: { table: "audit_logs" }, summary: expect.stringContaining("hash mismatch") })]);
      t.clock.advance(59 * 60_000);
      await securityPart(t, failing.raiser, bad).detect();
      expect(checks).toBe(1);
      t.clock.advance(60_000);
      await p.detect();
      expect(checks).toBe(2);
      expect(failing.raised).toHaveLength(2);
    } finally {
      await t.close();
    }
    // the real check on an intact chain raises nothing
    s.clock.advance(3_600_000);
    const real = recordingRaiser();
    await securityPart(s, real.raiser, () => s.system.audit.verify()).detect();
    expect(real.of("audit.verify_failed")).toEqual([]);
  });
});
