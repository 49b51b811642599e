import { z } from "@hono/zod-openapi";
import { listQuery } from "../../http/list-query.ts";

/** Request and response shapes of /auth/*, /settings/security (helper brief: Auth contract). */
export const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(256),
  provider: z.string().max(50).optional().openapi({ description: "`password` (default) or an SSO provider id such as `ldap`" }),
});

export const refreshBody = z.object({ refresh_token: z.string().min(1).max(512) });

export const tokenDataSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().openapi({ description: "access token lifetime in seconds" }),
  session_id: z.string(),
  password_change_required: z.boolean(),
  mfa_setup_required: z.boolean(),
});

export const mfaChallengeSchema = z.object({ mfa_required: z.literal(true), mfa_token: z.string() });

export const loginResultSchema = z.union([tokenDataSchema, mfaChallengeSchema]);

export const passwordChangeBody = z.object({
  old_password: z.string().min(1).max(256),
  new_password: z.string().min(1).max(128),
});

export const passwordPolicySchema = z.object({
  min_length: z.number(),
  min_classes: z.number().openapi({ description: "of lower case, upper case, digits, symbols" }),
  history: z.number().openapi({ description: "recent passwords that may not be reused" }),
  expiry_days: z.number().openapi({ description: "0: never expires" }),
});

const roleRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const meSchema = z.object({
  id: z.string(), username: z.string(), display_name: z.string(), dept_id: z.string().nullable(), dept_name: z.string().nullable(),
  email: z.string().nullable(), phone: z.string().nullable(), locale: z.string(), role_ids: z.array(z.string()), roles: z.array(roleRef),
  permissions: z.array(z.string()), session_id: z.string().nullable(),
  restricted: z.enum(["password_change", "mfa_setup"]).nullable(), mfa_enabled: z.boolean(),
  /** the second factors that are on: an authenticator app (totp), SMS codes (sms) */
  mfa_methods: z.array(z.enum(["totp", "sms"])), password_expires_at: z.string().nullable(),
});

/** "" clears an optional contact field, as a form sends it. */
const clearable = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal("").transform(() => null), z.null()]).optional();

export const profileBody = z.object({
  display_name: z.string().trim().min(1).max(64).optional(),
  email: clearable(z.email().max(200)),
  phone: clearable(z.string().trim().regex(/^\+?[0-9][0-9 -]{4,19}$/, "validation.invalid")),
  locale: z.enum(["zh-CN", "en"]).optional(),
});

export const mfaVerifyBody = z
  .object({
    mfa_token: z.string().min(1).max(2000),
    code: z.string().trim().max(20).optional(),
    recovery_code: z.string().trim().max(40).optional(),
    /** a code sent by `POST /auth/mfa/sms/send` */
    sms_code: z.string().trim().max(20).optional(),
  })
  .refine((b) => [b.code, b.recovery_code, b.sms_code].filter(Boolean).length === 1, { message: "iam.mfa_code_required", path: ["code"] });

export const mfaCodeBody = z.object({ code: z.string().trim().min(1).max(20) });
export const passwordBody = z.object({ password: z.string().min(1).max(256) });

export const totpSetupSchema = z.object({ secret: z.string(), otpauth_url: z.string(), qr_data_url: z.string() });
export const recoveryCodesSchema = z.object({ recovery_codes: z.array(z.string()) });
export const mfaEnableSchema = recoveryCodesSchema.extend({ tokens: tokenDataSchema.optional() });

export const mySessionSchema = z.object({
  id: z.string(), device: z.string().nullable(), ip: z.string().nullable(), user_agent: z.string().nullable(), provider: z.string(),
  created_at: z.string(), last_seen_at: z.string(), current: z.boolean(),
});

export const onlineSessionSchema = z.object({
  id: z.string(), user_id: z.string(), username: z.string(), display_name: z.string(), dept_name: z.string().nullable(),
  ip: z.string().nullable(), device: z.string().nullable(), created_at: z.string(), last_seen_at: z.string(),
});

export const onlineSessionsQuery = listQuery.extend({
  q: z.string().max(100).optional().openapi({ description: "username or display name contains" }),
  user_id: z.string().max(64).optional(),
});

export const idParam = z.object({ id: z.string().min(1).max(64) });
export const userIdParam = z.object({ user_id: z.string().min(1).max(64) });
