import { insertRow } from "../platform/db/query.ts";
import { newId } from "../platform/crypto.ts";
import { hashPassword } from "../modules/iam/index.ts";
import { DEMO_DEPTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, type DemoUser } from "./company.data.ts";
import type { DemoContext, DemoSeeder } from "./registry.ts";

const DAY = 86_400_000;
/** the company has existed for a while before the demo starts */
const COMPANY_AGE_DAYS = 30;
/** "about to expire": this many days left under the security settings' expiry */
const EXPIRING_DAYS_LEFT = 5;

/**
 * Departments (nested, each with an active leader) and the users of the demo company. Written like
 * IAM's own seed of the first admin (there is no actor yet for the directory service, and demo users
 * start past their first-sign-in change); the cache-version triggers see every row. Each department
 * and user is added only when missing, so an older demo database gains the rest of the company.
 */
export const companySeeder: DemoSeeder = {
  name: "company",
  order: 10,
  async seed(ctx) {
    const { db } = ctx;
    // demo data seeded before departments had codes: mark the demo departments still named as seeded
    for (const d of DEMO_DEPTS) {
      await db.run("UPDATE departments SET code = ? WHERE code IS NULL AND name = ? AND parent_id IS NOT NULL", [`demo_${d.key}`, d.name]);
    }
    const hash = await hashPassword(DEMO_PASSWORD);
    const mfaSecret = await ctx.secrets.encrypt(DEMO_TOTP_SECRET);
    const expiryDays = await passwordExpiryDays(ctx);
    await db.tx(async () => {
      const depts = await seedDepartments(ctx);
      for (const u of DEMO_USERS) await seedUser(ctx, u, depts.get(u.dept)!, { hash, mfaSecret, expiryDays });
      for (const d of DEMO_DEPTS) {
        if (!d.leader) continue;
        const leader = await db.get<{ id: string }>("SELECT id FROM users WHERE username = ? AND status = 'active' AND deleted_at IS NULL", [d.leader]);
        // an admin's choice of leader stays
        if (leader) await db.run("UPDATE departments SET leader_id = ? WHERE id = ? AND leader_id IS NULL", [leader.id, depts.get(d.key)!]);
      }
    });
  },
};

async function seedDepartments(ctx: DemoContext): Promise<Map<string, string>> {
  const { db } = ctx;
  const ts = new Date(ctx.clock.now().getTime() - COMPANY_AGE_DAYS * DAY).toISOString();
  const root = (await db.get<{ id: string; path: string }>("SELECT id, path FROM departments WHERE parent_id IS NULL ORDER BY created_at LIMIT 1"))!;
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const [sort, d] of DEMO_DEPTS.entries()) {
    const code = `demo_${d.key}`;
    const found = await db.get<{ id: string; path: string }>("SELECT id, path FROM departments WHERE code = ?", [code]);
    if (found) {
      ids.set(d.key, found.id);
      paths.set(d.key, found.path);
      continue;
    }
    const parentId = d.parent ? ids.get(d.parent)! : root.id;
    const parentPath = d.parent ? paths.get(d.parent)! : root.path;
    const id = newId();
    const path = `${parentPath}${id}/`;
    await insertRow(db, "departments", { id, parent_id: parentId, path, name: d.name, code, sort, status: "active", created_at: ts, updated_at: ts });
    ids.set(d.key, id);
    paths.set(d.key, path);
  }
  return ids;
}

type Secrets = { hash: string; mfaSecret: string; expiryDays: number };

async function seedUser(ctx: DemoContext, u: DemoUser, deptId: string, s: Secrets): Promise<void> {
  const { db } = ctx;
  if (await db.get("SELECT id FROM users WHERE username = ?", [u.username])) return;
  const now = ctx.clock.now();
  const created = new Date(now.getTime() - COMPANY_AGE_DAYS * DAY).toISOString();
  const changed = u.state === "expiring" && s.expiryDays > EXPIRING_DAYS_LEFT
    ? new Date(now.getTime() - (s.expiryDays - EXPIRING_DAYS_LEFT) * DAY).toISOString()
    : now.toISOString();
  const id = newId();
  await insertRow(db, "users", {
    id, username: u.username, display_name: u.name, email: u.email, phone: u.phone, dept_id: deptId,
    status: u.state === "disabled" ? "disabled" : "active", locale: "zh-CN", password_hash: s.hash, password_changed_at: changed,
    must_change_password: 0, mfa_enabled: u.state === "mfa" ? 1 : 0, mfa_secret: u.state === "mfa" ? s.mfaSecret : null,
    created_at: created, updated_at: created,
  });
  await insertRow(db, "password_history", { id: newId(), user_id: id, password_hash: s.hash, created_at: changed });
  const role = (await db.get<{ id: string }>("SELECT id FROM roles WHERE code = ?", [u.role]))!;
  await insertRow(db, "user_roles", { user_id: id, role_id: role.id });
}

/** The password expiry in force (security settings; 90 days when never changed). */
async function passwordExpiryDays(ctx: DemoContext): Promise<number> {
  const row = await ctx.db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'security'");
  try {
    const days = row ? (JSON.parse(row.value) as { password_expiry_days?: number }).password_expiry_days : undefined;
    return typeof days === "number" ? days : 90;
  } catch {
    return 90;
  }
}
