import { OpenAPIHono, z } from "@hono/zod-openapi";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { mfaCodeBody, mfaEnableSchema, mfaVerifyBody, passwordBody, recoveryCodesSchema, tokenDataSchema, totpSetupSchema } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createMfaService } from "./mfa.service.ts";
import { verifyMfaLogin } from "./mfa-verify.ts";

// Binding MFA is what a session restricted to "mfa_setup" is for, so these accept it.
const own = { module: "iam", access: "user", allowRestricted: true, resourceType: "user" } as const;

const verify = defineRoute({
  method: "post", path: "/auth/mfa/verify", module: "iam", action: "auth.mfa.verify", access: "public",
  summary: "Second sign-in step: the mfa_token from /auth/login with a TOTP code or a recovery code",
  request: jsonBody(mfaVerifyBody),
  responses: okJson(tokenDataSchema),
});
const setup = defineRoute({
  ...own, method: "post", path: "/auth/mfa/totp/setup", action: "auth.mfa.setup",
  summary: "Start binding an authenticator app: secret, otpauth:// URI and QR code",
  responses: okJson(totpSetupSchema),
});
const enable = defineRoute({
  ...own, method: "post", path: "/auth/mfa/totp/enable", action: "auth.mfa.enable",
  summary: "Finish binding with a current code; returns recovery codes (shown once) and, for a session restricted to MFA setup, fresh tokens",
  request: jsonBody(mfaCodeBody),
  responses: okJson(mfaEnableSchema),
});
const disable = defineRoute({
  ...own, method: "post", path: "/auth/mfa/disable", action: "auth.mfa.disable",
  summary: "Unbind the authenticator (password required; refused when a role demands MFA)",
  request: jsonBody(passwordBody),
  responses: okJson(z.object({ mfa_enabled: z.boolean() })),
});
const recoveryCodes = defineRoute({
  ...own, method: "post", path: "/auth/mfa/recovery-codes", action: "auth.mfa.recovery-codes",
  summary: "Replace the recovery codes (password required); returns the new ones, shown once",
  request: jsonBody(passwordBody),
  responses: okJson(recoveryCodesSchema),
});

export function mfaRoutes(deps: IamDeps) {
  const mfa = createMfaService(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(verify, async (c) => ok(c, await verifyMfaLogin(deps, c.req.valid("json"))))
    .openapi(setup, async (c) => ok(c, await mfa.setup(c.get("actor")!)))
    .openapi(enable, async (c) => ok(c, await mfa.enable(c.get("actor")!, c.req.valid("json").code)))
    .openapi(disable, async (c) => ok(c, await mfa.disable(c.get("actor")!, c.req.valid("json").password)))
    .openapi(recoveryCodes, async (c) => ok(c, await mfa.regenerateRecoveryCodes(c.get("actor")!, c.req.valid("json").password)));
}
