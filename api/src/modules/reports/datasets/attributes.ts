import type { ReportAttribute } from "@ops/shared/contracts/reports.ts";
import { iso, type Clock } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where } from "../../../platform/db/query.ts";
import { invalid } from "../reports.errors.ts";

/** Department attributes for `dept_attr` row filters (e.g. region 华东): one value per department and key. */
export function createAttributes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function list(q: { dept_id?: string; key?: string }): Promise<ReportAttribute[]> {
    const where = new Where().eq("dept_id", q.dept_id).eq("attr_key", q.key);
    return db.all<ReportAttribute>(`SELECT dept_id, attr_key AS key, attr_value AS value FROM report_attributes ${where.sql} ORDER BY attr_key, dept_id`, where.params);
  }

  /** Sets one department's value for a key; an empty value removes it. */
  async function put(input: ReportAttribute): Promise<ReportAttribute | null> {
    const value = input.value.trim();
    const before = await db.tx(async () => {
      if (!(await db.get("SELECT id FROM departments WHERE id = ?", [input.dept_id]))) {
        throw invalid([{ field: "dept_id", message: "reports.dept_not_found", params: { id: input.dept_id } }]);
      }
      const old = await db.get<{ value: string }>("SELECT attr_value AS value FROM report_attributes WHERE dept_id = ? AND attr_key = ?", [input.dept_id, input.key]);
      await db.run("DELETE FROM report_attributes WHERE dept_id = ? AND attr_key = ?", [input.dept_id, input.key]);
      if (value) {
        await db.run("INSERT INTO report_attributes (dept_id, attr_key, attr_value, updated_at) VALUES (?, ?, ?, ?)", [input.dept_id, input.key, value, iso(clock.now())]);
      }
      return old?.value ?? null;
    });
    const after = value ? { dept_id: input.dept_id, key: input.key, value } : null;
    noteAudit({ resourceType: "report_attribute", resourceId: `${input.dept_id}:${input.key}`, before: before === null ? undefined : { value: before }, after: after ?? undefined });
    return after;
  }

  return { list, put };
}

export type Attributes = ReturnType<typeof createAttributes>;
