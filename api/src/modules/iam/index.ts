/** IAM public surface: other modules and main.ts reach IAM only through this file. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { IamDeps } from "./iam.deps.ts";
import { createAuthenticator } from "./authenticate.ts";
import { createScopeFilter } from "./data-scope.ts";
import { authRoutes } from "./auth.routes.ts";
import { mfaRoutes } from "./mfa.routes.ts";
import { sessionsRoutes } from "./sessions.routes.ts";
import { settingsRoutes } from "./settings.routes.ts";
import { usersRoutes } from "./users.routes.ts";
import { departmentsRoutes } from "./departments.routes.ts";
import { rolesRoutes } from "./roles.routes.ts";
import { permissionsRoutes } from "./permissions.routes.ts";
import { ssoRoutes } from "./sso/sso.routes.ts";
import { chatBindingRoutes } from "./chat-binding.routes.ts";
import { createBotAuthenticator } from "./chat-identity.ts";
import { seedAdmin, seedRolesAndRoot, syncPermissions } from "./seed.ts";
import { resetPasswordFromShell, type ShellResetOptions } from "./shell-reset.ts";

export type { IamDeps } from "./iam.deps.ts";
export type { AdminSeedResult } from "./seed.ts";
export type { ShellResetOptions, ShellResetResult } from "./shell-reset.ts";
export { hashPassword } from "./passwords.ts";
export { createScopeFilter } from "./data-scope.ts";

export function createIam(deps: IamDeps) {
  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route("/", authRoutes(deps))
    .route("/", mfaRoutes(deps))
    .route("/", sessionsRoutes(deps))
    .route("/", settingsRoutes(deps))
    .route("/", usersRoutes(deps))
    .route("/", departmentsRoutes(deps))
    .route("/", rolesRoutes(deps))
    .route("/", permissionsRoutes(deps))
    .route("/", ssoRoutes(deps))
    .route("/", chatBindingRoutes(deps));
  return {
    authenticate: createAuthenticator(deps),
    authenticateBot: createBotAuthenticator(deps),
    scope: createScopeFilter(deps.db),
    routes,
    /** The permission catalog, built-in roles and the root department (every start). */
    async seedCatalog() {
      await syncPermissions(deps.db);
      await seedRolesAndRoot(deps.db, deps.clock.now());
    },
    /** The first admin, when there is none yet. */
    seedAdmin: (adminPassword?: string) => seedAdmin(deps.db, deps.clock.now(), adminPassword),
    /** `ops admin reset-password` (scripts/ops.ts). */
    resetPasswordFromShell: (username: string, options: ShellResetOptions) => resetPasswordFromShell(deps, username, options),
  };
}

export type Iam = ReturnType<typeof createIam>;
