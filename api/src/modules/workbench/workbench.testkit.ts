import { expect } from "vitest";
import type { Reply, TestSystem } from "../../testing/harness.ts";

/** Helpers for the workbench suites, through the HTTP API only: ids by name and short requests. */
export type Kit = {
  admin: string;
  api(method: string, path: string, token: string, body?: unknown): Promise<Reply>;
  dept(name: string): string;
  role(code: string): string;
  userId(username: string): Promise<string>;
};

export const KIT_PASSWORD = "Strong#Pass2026";

export async function workbenchKit(s: TestSystem): Promise<Kit> {
  const admin = await s.login("admin");
  const api: Kit["api"] = (method, path, token, body) => s.req(method, `/api/v1${path}`, { token, body });
  const depts = (await api("GET", "/departments?flat=true", admin)).body.data as Array<{ id: string; name: string }>;
  const roles = (await api("GET", "/roles", admin)).body.data as Array<{ id: string; code: string }>;
  const find = (list: Array<{ id: string }>, hit: (x: any) => boolean, what: string) => {
    const found = list.find(hit);
    if (!found) throw new Error(`fixture: no ${what}`);
    return found.id;
  };
  return {
    admin,
    api,
    dept: (name) => find(depts, (d) => d.name === name, `department ${name}`),
    role: (code) => find(roles, (r) => r.code === code, `role ${code}`),
    async userId(username) {
      const r = await api("GET", `/users?q=${encodeURIComponent(username)}&page_size=200`, admin);
      return find(r.body.data.items, (u) => u.username === username, `user ${username}`);
    },
  };
}

/** Asserts an error envelope: status, reason and envelope code. */
export function expectError(r: Reply, status: number, reason: string): void {
  expect({ status: r.status, reason: r.body?.reason }, JSON.stringify(r.body)).toEqual({ status, reason });
  expect(r.body.code).toBe(status * 100 + 1);
}
