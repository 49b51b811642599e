import { z } from "@hono/zod-openapi";

export const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(256),
  provider: z.string().max(50).optional().openapi({ description: "`password` (default) or an SSO provider id such as `ldap`" }),
});

export const refreshBody = z.object({ refresh_token: z.string().min(1).max(512) });
