import { z } from "@hono/zod-openapi";

export const codeBody = z.object({
  code: z.string().min(1).max(512).openapi({ description: "应用内浏览器的 JS SDK 给出的免登授权码（飞书 tt.requestAccess / 钉钉 dd.requestAuthCode）" }),
});

export const identityParams = z.object({ id: z.string().min(1).max(64) });

export const linkedIdentity = z.object({
  id: z.string(),
  provider: z.string().openapi({ description: "feishu、dingtalk、wecom、slack、oidc、ldap" }),
  subject: z.string().openapi({ description: "该平台上的账号标识（机器人看到的用户 id）" }),
  name: z.string().nullable(),
  created_at: z.string(),
});
