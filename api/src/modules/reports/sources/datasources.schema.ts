import { z } from "@hono/zod-openapi";
import { DATASOURCE_TYPES } from "@ops/shared/contracts/reports.ts";
import { listQuery } from "../../../http/list-query.ts";
import { MAX_TIMEOUT_MS } from "./registry.ts";

const options = z.object({
  timeout_ms: z.number().int().min(100).max(MAX_TIMEOUT_MS).optional(),
  row_cap: z.number().int().min(1).max(1_000_000).optional(),
  pool_max: z.number().int().min(1).max(50).optional(),
}).strict();

export const datasourceBody = z.object({
  name: z.string().trim().min(1).max(100),
  type: z.enum(DATASOURCE_TYPES),
  url: z.string().trim().max(2000).nullable().optional(),
  options: options.optional(),
}).strict().openapi("DatasourceInput");

export const testBody = datasourceBody.omit({ name: true }).extend({ name: z.string().max(100).optional() }).openapi("DatasourceTestInput");
export const idParam = z.object({ id: z.string().min(1).max(64) });
export const listDatasourcesQuery = listQuery.extend({ type: z.enum(DATASOURCE_TYPES).optional(), q: z.string().max(100).optional() });

export type DatasourceBody = z.infer<typeof datasourceBody>;
export type TestBody = z.infer<typeof testBody>;
