import { z } from "@hono/zod-openapi";
import { listQuery } from "../../../http/list-query.ts";

/** Token names are consumer names on the published endpoint (gray releases name them): no spaces or commas. */
const NAME = /^[\p{L}\p{N}._:-]{1,64}$/u;
const LABEL = /^[\p{L}\p{N}._:=-]{1,64}$/u;

export const tokenIdParam = z.object({ id: z.string().min(1).max(64) });

export const tokenBody = z.object({
  name: z.string().trim().regex(NAME),
  scopes: z.array(z.string().min(1).max(120)).min(1).max(50),
  labels: z.array(z.string().regex(LABEL)).max(20).optional(),
  expires_at: z.string().datetime({ offset: true }).nullable().optional(),
}).strict();

export const tokensQuery = listQuery.extend({ status: z.enum(["live", "revoked"]).optional() });

const apiToken = z.object({
  id: z.string(), name: z.string(), scopes: z.array(z.string()), labels: z.array(z.string()),
  expires_at: z.string().nullable(), last_used_at: z.string().nullable(), revoked_at: z.string().nullable(),
  created_by: z.string(), created_at: z.string(),
}).openapi("ApiToken");
export const issuedToken = apiToken.extend({ token: z.string().openapi({ description: "opst_…：只在这次返回" }) }).openapi("IssuedApiToken");
export const tokenPage = z.object({ items: z.array(apiToken), total: z.number(), page: z.number(), page_size: z.number(), pages: z.number() });
export { apiToken };
