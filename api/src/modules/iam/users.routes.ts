import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { IamDeps } from "./iam.deps.ts";

export function usersRoutes(_deps: IamDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
