import { describe, expect, it } from "vitest";
import { openDb } from "../../platform/db/db.ts";
import { migrate } from "../../platform/db/migrate.ts";
import { migrations } from "../../platform/db/migrations/index.ts";
import { insertRow } from "../../platform/db/query.ts";

describe("migration 016 on a store created before feedback", () => {
  it("gives the built-in 运营主管 and 审计人员 roles the feedback codes once, and leaves custom roles alone", async () => {
    const db = await openDb("sqlite://:memory:");
    await migrate(db, migrations.filter((m) => m.version < 16));
    const ts = new Date().toISOString();
    for (const [id, code, builtin] of [["r1", "ops_manager", 1], ["r2", "auditor", 1], ["r3", "ops_manager_copy", 0]] as const) {
      await insertRow(db, "roles", { id, code, name: code, parent_id: null, path: `/${id}/`, data_scope: "ALL", builtin, sort: 0, created_at: ts, updated_at: ts });
    }
    await insertRow(db, "role_permissions", { role_id: "r2", permission_code: "menu:feedback" });
    expect(await migrate(db, migrations.filter((m) => m.version <= 16))).toEqual([16]);
    const grants = await db.all<{ role_id: string; permission_code: string }>(
      "SELECT role_id, permission_code FROM role_permissions WHERE permission_code LIKE '%feedback%' ORDER BY role_id, permission_code",
    );
    expect(grants.map((g) => `${g.role_id}:${g.permission_code}`)).toEqual([
      "r1:feedback:list", "r1:feedback:manage", "r1:menu:feedback", "r2:feedback:list", "r2:menu:feedback",
    ]);
    await db.close();
  });
});
