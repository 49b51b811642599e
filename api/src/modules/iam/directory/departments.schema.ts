import { z } from "@hono/zod-openapi";

const name = z.string().trim().min(1).max(50);
const status = z.enum(["active", "disabled"]);
const sort = z.number().int().min(0).max(100_000);

export const deptListQuery = z.object({
  flat: z.enum(["true", "false"]).optional().openapi({ description: "`true`: a flat list instead of a tree" }),
  q: z.string().trim().max(50).optional().openapi({ description: "name contains" }),
  status: status.optional(),
});
export type DeptListQuery = z.infer<typeof deptListQuery>;

export const createDeptBody = z.object({
  name,
  parent_id: z.string().min(1).max(64),
  leader_id: z.string().min(1).max(64).nullable().optional(),
  sort: sort.default(0),
  status: status.default("active"),
});
export type CreateDeptInput = z.infer<typeof createDeptBody>;

export const updateDeptBody = z.object({
  name: name.optional(),
  parent_id: z.string().min(1).max(64).optional(),
  leader_id: z.string().min(1).max(64).nullable().optional(),
  sort: sort.optional(),
  status: status.optional(),
});
export type UpdateDeptInput = z.infer<typeof updateDeptBody>;

export const deptSchema = z
  .object({
    id: z.string(),
    parent_id: z.string().nullable(),
    name: z.string(),
    leader_id: z.string().nullable(),
    leader_name: z.string().nullable(),
    sort: z.number(),
    status: status,
    user_count: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Department");
export type Dept = z.infer<typeof deptSchema>;

/** Tree nodes nest `children` of the same shape (documented one level deep). */
export const deptTreeSchema = z.array(deptSchema.extend({ children: z.array(z.any()) }));
