import type { IamDeps } from "../iam.deps.ts";
import { isSuperAdmin } from "../sso/index.ts";
import { phoneVariants } from "../sms/index.ts";
import { candidates, loadLocal, type Local, type LocalUser } from "./sync-local.ts";
import type { DeptStep, DirectorySnapshot, FieldChange, SourceUser, SyncConflict, SyncPlan, SyncProvider, UserStep } from "./sync.types.ts";

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;


function changed(out: Record<string, FieldChange>, field: string, from: unknown, to: unknown): void {
  if ((from ?? null) !== (to ?? null)) out[field] = { from: from ?? null, to: to ?? null };
}

/**
 * Compares the platform's address book with the OPS directory. Departments and people are matched by their platform
 * id only; a person not linked yet is matched by e-mail or phone when exactly one unlinked account has it (never by
 * name, never a super administrator); anything else that does not agree is a conflict and left alone.
 */
export async function planSync(deps: IamDeps, provider: SyncProvider, snap: DirectorySnapshot): Promise<SyncPlan> {
  const local = await loadLocal(deps.db, provider);
  const departments = planDepartments(local, snap);
  const deptKey = (externalId: string | undefined): string | null => {
    if (!externalId) return null;
    if (externalId === snap.rootId) return local.root.id;
    return local.depts.get(externalId)?.id ?? `new:${externalId}`;
  };
  const users: UserStep[] = [];
  const conflicts: SyncConflict[] = [];
  const taken = new Set<string>();
  const seen = new Set<string>();
  for (const u of snap.users.filter((x) => x.active)) {
    seen.add(u.id);
    const dept = deptKey(u.deptIds[0]);
    const linked = local.users.get(u.id);
    if (linked) {
      const changes = profileChanges(linked, u, dept);
      if (Object.keys(changes).length) users.push({ action: "update", external_id: u.id, id: linked.id, username: linked.username, display_name: u.name, changes });
      continue;
    }
    const match = await matchUnlinked(deps, provider, u);
    if ("conflict" in match) {
      conflicts.push(match.conflict);
      continue;
    }
    if (match.user) {
      users.push({
        action: "link", external_id: u.id, id: match.user.id, username: match.user.username, display_name: u.name, matched_by: match.by,
        changes: profileChanges(match.user, u, dept),
      });
      continue;
    }
    const username = await freeUsername(deps, provider, u, taken);
    taken.add(username.toLowerCase());
    users.push({ action: "create", external_id: u.id, username, display_name: u.name, dept, fields: { email: u.email, phone: u.mobile } });
  }
  for (const [externalId, user] of local.users) {
    if (!seen.has(externalId) && user.status === "active") {
      users.push({ action: "disable", external_id: externalId, id: user.id, username: user.username, display_name: user.display_name });
    }
  }
  const heads = planHeads(local, snap, users);
  return summarize({ provider, departments, users, heads, conflicts });
}

function planDepartments(local: Local, snap: DirectorySnapshot): DeptStep[] {
  const steps: DeptStep[] = [];
  const seen = new Set<string>();
  for (const d of snap.departments) {
    if (d.id === snap.rootId) continue;
    seen.add(d.id);
    const parent = !d.parentId || d.parentId === snap.rootId ? local.root.id : (local.depts.get(d.parentId)?.id ?? `new:${d.parentId}`);
    const mine = local.depts.get(d.id);
    if (!mine) {
      steps.push({ action: "create", external_id: d.id, name: d.name, parent, key: `new:${d.id}`, order: d.order });
      continue;
    }
    const changes: Record<string, FieldChange> = {};
    changed(changes, "name", mine.name, d.name);
    changed(changes, "parent_id", mine.parent_id, parent);
    changed(changes, "sort", Number(mine.sort), d.order);
    changed(changes, "status", mine.status, "active");
    if (Object.keys(changes).length) steps.push({ action: "update", external_id: d.id, id: mine.id, name: d.name, changes });
  }
  for (const [externalId, mine] of local.depts) {
    if (!seen.has(externalId) && mine.status === "active") steps.push({ action: "disable", external_id: externalId, id: mine.id, name: mine.name });
  }
  return steps;
}

function profileChanges(user: LocalUser, u: SourceUser, dept: string | null): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  changed(changes, "display_name", user.display_name, u.name);
  if (u.email) changed(changes, "email", user.email, u.email);
  if (u.mobile && !phoneVariants(u.mobile).includes(user.phone ?? "")) changed(changes, "phone", user.phone, u.mobile);
  if (dept) changed(changes, "dept_id", user.dept_id, dept);
  return changes;
}

type Match = { user: LocalUser | null; by: "email" | "phone" } | { conflict: SyncConflict };

async function matchUnlinked(deps: IamDeps, provider: SyncProvider, u: SourceUser): Promise<Match> {
  const byEmail = u.email ? await candidates(deps.db, provider, "email", [u.email]) : [];
  const byPhone = u.mobile ? await candidates(deps.db, provider, "phone", phoneVariants(u.mobile)) : [];
  const conflict = (reason: SyncConflict["reason"], detail: string): Match => ({ conflict: { external_id: u.id, display_name: u.name, reason, detail } });
  if (byEmail.length > 1) return conflict("email_ambiguous", u.email!);
  if (byPhone.length > 1) return conflict("phone_ambiguous", u.mobile!);
  const [email, phone] = [byEmail[0], byPhone[0]];
  if (email && phone && email.id !== phone.id) return conflict("match_disagrees", `${email.username} / ${phone.username}`);
  const user = email ?? phone;
  if (!user) return { user: null, by: "email" };
  if (user.external_id) return conflict("linked_elsewhere", user.username);
  if (await isSuperAdmin(deps, user.id)) return conflict("super_admin", user.username);
  return { user, by: email ? "email" : "phone" };
}

/** The e-mail's local part when it makes a free username, else `<platform>_<id>` (with a number when taken). */
async function freeUsername(deps: IamDeps, provider: SyncProvider, u: SourceUser, taken: Set<string>): Promise<string> {
  const local = u.email?.split("@")[0] ?? "";
  const tries = USERNAME.test(local) ? [local] : [];
  const base = `${{ dingtalk: "dt", feishu: "fs", wecom: "wx" }[provider]}_${u.id.replace(/[^A-Za-z0-9._-]/g, "").slice(0, 24)}`;
  tries.push(base, ...Array.from({ length: 20 }, (_, i) => `${base}${i + 2}`));
  for (const name of tries) {
    if (name.length < 3 || taken.has(name.toLowerCase())) continue;
    const row = await deps.db.get("SELECT id FROM users WHERE LOWER(username) = LOWER(?) AND deleted_at IS NULL", [name]);
    if (!row) return name;
  }
  return `${base}_${Date.now().toString(36)}`;
}

function planHeads(local: Local, snap: DirectorySnapshot, users: UserStep[]): SyncPlan["heads"] {
  const heads: SyncPlan["heads"] = [];
  const known = new Set([...local.users.keys(), ...users.filter((s) => s.action !== "disable").map((s) => s.external_id)]);
  const names = new Map(snap.users.map((u) => [u.id, u.name]));
  for (const d of snap.departments) {
    if (d.id === snap.rootId) continue;
    const head = d.heads.find((h) => known.has(h)) ?? null;
    const mine = local.depts.get(d.id);
    const current = mine?.leader_id ? [...local.users.values()].find((u) => u.id === mine.leader_id)?.external_id ?? "other" : null;
    if (!mine || current !== head) heads.push({ dept: d.id, user: head, dept_name: d.name, user_name: head ? (names.get(head) ?? null) : null });
  }
  return heads.filter((h) => h.user !== null || local.depts.get(h.dept)?.leader_id);
}

function summarize(p: Omit<SyncPlan, "summary">): SyncPlan {
  const count = <T extends { action: string }>(list: T[], action: string) => list.filter((s) => s.action === action).length;
  const summary: SyncPlan["summary"] = {
    departments: { create: count(p.departments, "create"), update: count(p.departments, "update"), disable: count(p.departments, "disable") },
    users: { create: count(p.users, "create"), link: count(p.users, "link"), update: count(p.users, "update"), disable: count(p.users, "disable") },
    heads: p.heads.length,
    conflicts: p.conflicts.length,
    unchanged: false,
  };
  summary.unchanged = p.departments.length + p.users.length + p.heads.length === 0;
  return { ...p, summary };
}
