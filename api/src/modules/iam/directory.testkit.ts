import { expect } from "vitest";
import type { Reply, TestSystem } from "../../testing/harness.ts";

/** Test helpers for the directory suites: ids by name, and short request helpers. */
export type Directory = {
  admin: string;
  dept(name: string): string;
  role(code: string): string;
  userId(username: string): Promise<string>;
  api<T = any>(method: string, path: string, token: string, body?: unknown): Promise<Reply<T>>;
  /** creates a user as admin with a known password, already past the first-sign-in change */
  createActiveUser(input: { username: string; dept: string; roles: string[]; password?: string }): Promise<{ id: string; token: string }>;
};

export const TEST_PASSWORD = "Strong#Pass2026";

export async function directory(s: TestSystem): Promise<Directory> {
  const admin = await s.login("admin");
  const api: Directory["api"] = (method, path, token, body) => s.req(method, `/api/v1${path}`, { token, body });
  const depts = (await api<any>("GET", "/departments?flat=true", admin)).body.data as Array<{ id: string; name: string }>;
  let roles = (await api<any>("GET", "/roles", admin)).body.data as Array<{ id: string; code: string }>;
  const find = <T extends { id: string }>(list: T[], pick: (x: T) => boolean, what: string) => {
    const hit = list.find(pick);
    if (!hit) throw new Error(`fixture: no ${what}`);
    return hit.id;
  };
  const dir: Directory = {
    admin,
    api,
    dept: (name) => find(depts, (d) => d.name === name, `department ${name}`),
    role: (code) => find(roles, (r) => r.code === code, `role ${code}`),
    async userId(username) {
      const r = await api<any>("GET", `/users?q=${encodeURIComponent(username)}&page_size=200`, admin);
      return find(r.body.data.items as Array<{ id: string; username: string }>, (u) => u.username === username, `user ${username}`);
    },
    async createActiveUser(input) {
      const password = input.password ?? TEST_PASSWORD;
      roles = (await api<any>("GET", "/roles", admin)).body.data;
      const created = await api("POST", "/users", admin, {
        username: input.username, display_name: input.username, dept_id: dir.dept(input.dept),
        role_ids: input.roles.map((c) => dir.role(c)), password,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.data.id as string;
      // The first-sign-in password change belongs to the auth suite; here the user starts active.
      await s.system.db.run("UPDATE users SET must_change_password = 0 WHERE id = ?", [id]);
      return { id, token: await s.login(input.username, password) };
    },
  };
  return dir;
}

/** Asserts an error envelope: status, reason and (optionally) the fields named. */
export function expectError(r: Reply, status: number, reason: string, fields?: string[]): void {
  expect({ status: r.status, reason: r.body?.reason }, JSON.stringify(r.body)).toEqual({ status, reason });
  expect(r.body.code).toBe(status * 100 + 1);
  if (fields) expect((r.body.errors ?? []).map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
}
