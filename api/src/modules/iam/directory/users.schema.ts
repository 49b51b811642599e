import { z } from "@hono/zod-openapi";
import { listQuery } from "../../../http/list-query.ts";

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;

const username = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, "iam.username_invalid")
  .openapi({ description: "3–32 letters, digits, `.`, `_` or `-`", example: "zhangsan" });
const displayName = z.string().trim().min(1).max(64);
const email = z.email("iam.email_invalid").max(254);
const phone = z.string().trim().regex(/^\+?[0-9 -]{5,20}$/, "iam.phone_invalid");
const idNumber = z.string().trim().regex(/^[0-9A-Za-z-]{6,32}$/, "iam.id_number_invalid");
const status = z.enum(["active", "disabled"]);
/** What the list filters on: the stored status, plus the two states an administrator acts on (the workbench's to-dos). */
export const USER_LIST_STATUSES = ["active", "disabled", "locked", "pending"] as const;
const locale = z.enum(["zh-CN", "en"]);
const roleIds = z.array(z.string().min(1).max(64)).max(50);
/** An empty string clears an optional field, as a cleared form input sends it. */
const clearable = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal("").transform(() => null), z.null()]);

export const userListQuery = listQuery.extend({
  q: z.string().trim().max(100).optional().openapi({ description: "username, display name, email or phone contains" }),
  dept_id: z.string().max(64).optional(),
  include_children: z.enum(["true", "false"]).optional().openapi({ description: "with dept_id: the whole subtree" }),
  status: z.enum(USER_LIST_STATUSES).optional().openapi({
    description: "active, disabled; locked: locked out by wrong passwords now; pending: active and never signed in or still on the initial password",
  }),
  role_id: z.string().max(64).optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;

export const createUserBody = z.object({
  username,
  display_name: displayName,
  dept_id: z.string().min(1).max(64),
  role_ids: roleIds.default([]),
  email: clearable(email).optional(),
  phone: clearable(phone).optional(),
  id_number: clearable(idNumber).optional(),
  password: z.string().min(1).max(128).optional().openapi({ description: "generated when absent (returned once)" }),
  status: status.default("active"),
  locale: locale.default("zh-CN"),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.object({
  display_name: displayName.optional(),
  dept_id: z.string().min(1).max(64).optional(),
  role_ids: roleIds.optional(),
  email: clearable(email).optional(),
  phone: clearable(phone).optional(),
  id_number: clearable(idNumber).optional(),
  status: status.optional(),
  locale: locale.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.object({
  password: z.string().min(1).max(128).optional().openapi({ description: "generated when absent" }),
});

export const idParam = z.object({ id: z.string().min(1).max(64) });

const roleRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    id_number: z.string().nullable(),
    dept_id: z.string().nullable(),
    dept_name: z.string().nullable(),
    status: status,
    locale: z.string(),
    roles: z.array(roleRef),
    mfa_enabled: z.boolean(),
    locked: z.boolean(),
    locked_until: z.string().nullable(),
    last_login_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("User");
export type User = z.infer<typeof userSchema>;

export const userPageSchema = z.object({
  items: z.array(userSchema),
  total: z.number(),
  page: z.number(),
  page_size: z.number(),
  pages: z.number(),
});
