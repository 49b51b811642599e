import { z } from "@hono/zod-openapi";
import { SCRIPT_LANGUAGES } from "@ops/shared/contracts/jobs.ts";

/** Per-type config, checked after the body (the body's `type` says which applies). */
const httpConfig = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]).default("GET"),
  url: z.string().min(1).max(2000).regex(/^https?:\/\/\S+$/, "jobs.url_invalid"),
  headers: z.record(z.string().max(200), z.string().max(4000)).default({}),
  body: z.union([z.string().max(100_000), z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullable().optional(),
  /** one status or a list; default any 2xx */
  expect_status: z.union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1).max(20)]).optional(),
  /** `{path: "$.data.status", equals: "ok"}`: the JSON answer must hold that value there (`exists: true` only asks for a value) */
  json_path_check: z.object({
    path: z.string().min(2).max(200).regex(/^\$(\.[A-Za-z0-9_-]+|\[\d+\])+$/, "jobs.json_path_invalid"),
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    exists: z.boolean().optional(),
  }).strict().optional(),
}).strict();

const shellConfig = z.object({
  command: z.string().min(1).max(20_000),
  cwd: z.string().max(500).regex(/^\//, "jobs.cwd_absolute").optional(),
  /** names of the server's environment variables the command may see; nothing else is passed */
  env_allow: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,100}$/)).max(50).default([]),
}).strict();

const sqlConfig = z.object({
  engine: z.literal("store").default("store"),
  statement: z.string().min(1).max(100_000),
}).strict();

const scriptConfig = z.object({
  language: z.enum(SCRIPT_LANGUAGES),
  source: z.string().min(1).max(200_000),
}).strict();

export const CONFIG_SCHEMAS = { http: httpConfig, shell: shellConfig, sql: sqlConfig, script: scriptConfig } as const;
export type HttpConfig = z.infer<typeof httpConfig>;
export type ShellConfig = z.infer<typeof shellConfig>;
export type SqlConfig = z.infer<typeof sqlConfig>;
export type ScriptConfig = z.infer<typeof scriptConfig>;

