import type { DemoSeeder } from "../../demo/registry.ts";
import { iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";

/**
 * The four parties of seed 004 as demo roles, each given to a person of the demo company
 * (who keeps their own role too): the company stays at its size, and each party signs in
 * with the demo password. Scopes never widen what the person already sees: the contractor PM
 * reaches reviewed tickets of every department through the ticket rules, not a wider scope.
 */
export const TICKET_DEMO_ROLES = [
  { code: "ticket_reporter", name: "使用方", scope: "SELF", codes: ["menu:tickets", "tickets:view", "tickets:create"] },
  { code: "ticket_reviewer", name: "管理方", scope: "DEPT_AND_CHILD", codes: ["menu:tickets", "tickets:view", "tickets:create", "tickets:review"] },
  { code: "ticket_pm", name: "承建方-项目经理", scope: "DEPT", codes: ["menu:tickets", "tickets:view", "tickets:assign", "tickets:handle"] },
  { code: "ticket_engineer", name: "承建方-员工", scope: "SELF", codes: ["menu:tickets", "tickets:view", "tickets:handle"] },
] as const;

/** 宋佳 (客服专员) reports, 罗婷 (客服主管) reviews, 马志强 (平台研发组组长) assigns, 何军 (后端工程师) handles. */
export const TICKET_DEMO_PEOPLE: Record<(typeof TICKET_DEMO_ROLES)[number]["code"], string> = {
  ticket_reporter: "songjia",
  ticket_reviewer: "luoting",
  ticket_pm: "mazhiqiang",
  ticket_engineer: "hejun",
};

async function seedRole(db: Db, role: (typeof TICKET_DEMO_ROLES)[number], ts: string): Promise<string> {
  const found = await db.get<{ id: string }>("SELECT id FROM roles WHERE code = ?", [role.code]);
  if (found) return found.id;
  const id = newId();
  await insertRow(db, "roles", {
    id, code: role.code, name: role.name, parent_id: null, path: `/${id}/`, data_scope: role.scope, mfa_required: 0, builtin: 0, sort: 50,
    description: `运维工单 · ${role.name}`, created_at: ts, updated_at: ts,
  });
  for (const code of role.codes) await insertRow(db, "role_permissions", { role_id: id, permission_code: code });
  return id;
}

/** Roles for the ticket flow, given to four people of the demo company (runs after it). */
export const ticketsDemoSeeder: DemoSeeder = {
  name: "tickets",
  order: 120,
  async seed({ db, clock }) {
    const ts = iso(clock.now());
    for (const role of TICKET_DEMO_ROLES) {
      const roleId = await seedRole(db, role, ts);
      const user = await db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [TICKET_DEMO_PEOPLE[role.code]]);
      if (!user || (await db.get("SELECT 1 AS x FROM user_roles WHERE user_id = ? AND role_id = ?", [user.id, roleId]))) continue;
      await insertRow(db, "user_roles", { user_id: user.id, role_id: roleId });
    }
  },
};
