import { z } from "@hono/zod-openapi";

const dataScope = z.enum(["ALL", "DEPT", "DEPT_AND_CHILD", "SELF", "CUSTOM"]).openapi({
  description: "ALL; DEPT own department; DEPT_AND_CHILD own department and below; SELF own rows; CUSTOM the listed dept_ids",
});
const name = z.string().trim().min(1).max(50);
const permissions = z.array(z.string().min(1).max(100)).max(500);
const deptIds = z.array(z.string().min(1).max(64)).max(500);
const description = z.string().trim().max(200).nullable();
const sort = z.number().int().min(0).max(100_000);

export const roleListQuery = z.object({
  q: z.string().trim().max(50).optional().openapi({ description: "code or name contains" }),
});

export const createRoleBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{1,49}$/, "iam.role_code_invalid")
    .openapi({ description: "lower-case letters, digits, `_` or `-`; fixed once created", example: "ops_viewer" }),
  name,
  parent_id: z.string().min(1).max(64).nullable().optional(),
  data_scope: dataScope,
  dept_ids: deptIds.optional(),
  mfa_required: z.boolean().default(false),
  permissions: permissions.default([]),
  description: description.optional(),
  sort: sort.default(0),
});
export type CreateRoleInput = z.infer<typeof createRoleBody>;

export const updateRoleBody = z.object({
  name: name.optional(),
  parent_id: z.string().min(1).max(64).nullable().optional(),
  data_scope: dataScope.optional(),
  dept_ids: deptIds.optional(),
  mfa_required: z.boolean().optional(),
  permissions: permissions.optional(),
  description: description.optional(),
  sort: sort.optional(),
});
export type UpdateRoleInput = z.infer<typeof updateRoleBody>;

export const roleSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    parent_id: z.string().nullable(),
    data_scope: dataScope,
    dept_ids: z.array(z.string()),
    mfa_required: z.boolean(),
    builtin: z.boolean(),
    sort: z.number(),
    description: z.string().nullable(),
    permissions: z.array(z.string()).openapi({ description: "the role's own codes" }),
    inherited_permissions: z.array(z.string()).openapi({ description: "codes inherited from ancestor roles" }),
    user_count: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Role");
export type Role = z.infer<typeof roleSchema>;
