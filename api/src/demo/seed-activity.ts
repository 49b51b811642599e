import type { UserActor } from "@ops/shared";
import { newId } from "../platform/crypto.ts";
import type { RequestContext } from "../platform/context.ts";
import { DEMO_ACTIONS, type DemoAction } from "./admin-actions.ts";
import { DEMO_USERS } from "./company.data.ts";
import { DEMO_NOTIFICATIONS } from "./notifications.data.ts";
import { demoLoginHistory, lockedAt, LOCKED_USER } from "./login-history.ts";
import type { DemoContext, DemoSeeder } from "./registry.ts";

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

type Person = { id: string; username: string; dept_id: string | null; status: string };

/**
 * What the company did before the demo started: two weeks of sign-ins (login log), administrators'
 * changes (audit log) and notifications in the inboxes, some unread. Written through the audit
 * service (oldest first, so both hash chains stay in time order and verify) and the notification
 * center (so inbox counts, live streams and channels behave as for any notification). The made-up
 * phone numbers go on the SMS blacklist; e-mail addresses are on example.com, which takes no mail.
 */
export const activitySeeder: DemoSeeder = {
  name: "activity",
  order: 20,
  async seed(ctx) {
    const people = await loadPeople(ctx);
    await seedLogins(ctx, people);
    await seedActions(ctx, people);
    await seedNotifications(ctx, people);
  },
};

async function loadPeople(ctx: DemoContext): Promise<Map<string, Person>> {
  const rows = await ctx.db.all<Person>("SELECT id, username, dept_id, status FROM users WHERE deleted_at IS NULL");
  return new Map(rows.map((r) => [r.username, r]));
}

async function security(ctx: DemoContext): Promise<{ lockout_threshold: number; lockout_minutes: number }> {
  const row = await ctx.db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'security'");
  const stored = row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
  const num = (v: unknown, d: number) => (typeof v === "number" ? v : d);
  return { lockout_threshold: num(stored.lockout_threshold, 5), lockout_minutes: num(stored.lockout_minutes, 15) };
}

function context(ip: string | null, userAgent: string | null, actor?: UserActor, via = "web"): RequestContext {
  return { requestId: `demo-${newId()}`, ip, userAgent, locale: "zh-CN", actor, via, auditNotes: [] };
}

async function seedLogins(ctx: DemoContext, people: Map<string, Person>): Promise<void> {
  const now = ctx.clock.now();
  const policy = await security(ctx);
  const history = demoLoginHistory(now, policy.lockout_threshold);
  const last = new Map<string, { at: Date; ip: string }>();
  for (const e of history) {
    const user = people.get(e.username);
    await ctx.audit.recordLogin({
      username: e.username, userId: user?.id ?? null, success: e.success, reason: e.reason, at: e.at, ctx: context(e.ip, e.userAgent),
    });
    if (e.success) last.set(e.username, { at: e.at, ip: e.ip });
  }
  for (const [username, seen] of last) {
    await ctx.db.run("UPDATE users SET last_login_at = ?, last_login_ip = ? WHERE username = ? AND deleted_at IS NULL", [seen.at.toISOString(), seen.ip, username]);
  }
  const lockStart = lockedAt(history);
  if (lockStart) {
    const until = new Date(lockStart.getTime() + policy.lockout_minutes * 60_000).toISOString();
    await ctx.db.run("UPDATE users SET locked_until = ?, failed_count = 0 WHERE username = ? AND deleted_at IS NULL", [until, LOCKED_USER]);
  }
}

async function seedActions(ctx: DemoContext, people: Map<string, Person>): Promise<void> {
  const now = ctx.clock.now();
  const timed = DEMO_ACTIONS.map((a) => ({ a, at: atShanghai(now, a.daysAgo, a.time) })).filter((x) => x.at < now);
  for (const { a, at } of timed.sort((x, y) => x.at.getTime() - y.at.getTime())) {
    const actor = people.get(a.actor);
    if (!actor) continue;
    const resourceId = await targetId(ctx, a);
    const path = resourceId ? a.path.replace("{id}", resourceId) : a.path;
    const note = { resourceId, before: a.before, after: a.after };
    const rc = context("116.228.88.10", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", userActor(actor), a.via ?? "web");
    rc.auditNotes.push(note);
    await ctx.audit.recordRequest({
      ctx: rc, method: a.method, path, status: a.status, durationMs: 20 + (a.time.charCodeAt(4) % 60), module: a.module, action: a.action,
      resourceType: a.target?.type, errorCode: a.status >= 400 ? "auth.forbidden" : undefined, at,
    });
  }
}

async function seedNotifications(ctx: DemoContext, people: Map<string, Person>): Promise<void> {
  // The demo's phone numbers are made up: never text them, whatever SMS provider is configured later.
  for (const u of DEMO_USERS) {
    await ctx.notify.blacklist.add({ address: u.phone, channel: "sms", type: "*", reason: "演示数据：虚构的手机号 / demo data: a made-up number" }, null);
  }
  for (const n of DEMO_NOTIFICATIONS) {
    const recipients = n.to.map((u) => people.get(u)).filter((p): p is Person => !!p && p.status === "active");
    if (recipients.length === 0) continue;
    const sent = await ctx.notify.send({ type: n.type, recipients: recipients.map((p) => p.id), data: { title: n.title, body: n.body }, critical: n.critical ?? false });
    for (const reader of n.readBy ?? []) {
      const p = people.get(reader);
      if (!p) continue;
      const row = await ctx.db.get<{ id: string }>("SELECT id FROM notifications WHERE user_id = ? AND event_id = ?", [p.id, sent.event_id]);
      if (row) await ctx.notify.inbox.markRead(p.id, row.id);
    }
  }
}

function atShanghai(now: Date, daysAgo: number, time: string): Date {
  const local = now.getTime() + SHANGHAI - daysAgo * DAY;
  const midnight = local - (local % DAY) - SHANGHAI;
  const [h, m] = time.split(":").map(Number);
  return new Date(midnight + (h! * 60 + m!) * 60_000);
}

async function targetId(ctx: DemoContext, a: DemoAction): Promise<string | null> {
  if (!a.target) return null;
  const { type, key } = a.target;
  const sql = {
    user: "SELECT id FROM users WHERE username = ? AND deleted_at IS NULL",
    department: "SELECT id FROM departments WHERE code = ?",
    role: "SELECT id FROM roles WHERE code = ?",
  }[type];
  const row = await ctx.db.get<{ id: string }>(sql, [type === "department" ? `demo_${key}` : key]);
  return row?.id ?? null;
}

function userActor(p: Person): UserActor {
  return {
    kind: "user", userId: p.id, username: p.username, displayName: p.username, deptId: p.dept_id, roleIds: [], permissions: [],
    sessionId: null, locale: "zh-CN",
  };
}
