import { z } from "@hono/zod-openapi";

export const providerParams = z.object({ provider: z.string().min(1).max(50) });

export const startQuery = z.object({
  redirect: z.string().max(1000).optional().openapi({ description: "Path on this site to open after sign-in; anything else becomes `/`" }),
});

/** The IdP's authorization response: code + state, or error. Other parameters (iss, session_state) pass through. */
export const callbackQuery = z.object({
  code: z.string().max(4096).optional(),
  authCode: z.string().max(4096).optional().openapi({ description: "钉钉回调带的授权码（与 code 相同）" }),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});

export const exchangeBody = z.object({ ticket: z.string().min(1).max(200) });

export const providerList = z.array(
  z.object({
    id: z.string(),
    kind: z.enum(["password", "oidc", "ldap", "im"]),
    name: z.string(),
    app_id: z.string().optional().openapi({ description: "飞书 app_id / 钉钉 client_id：应用内浏览器向 JS SDK 申请免登授权码时使用" }),
  }),
);
