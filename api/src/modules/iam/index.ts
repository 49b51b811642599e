/** IAM public surface: other modules and main.ts reach IAM only through this file. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { IamDeps } from "./iam.deps.ts";
import { createAuthenticator } from "./auth/index.ts";
import { createScopeFilter, rolesRoutes, permissionsRoutes } from "./access/index.ts";
import { authRoutes, resetPasswordFromShell, type ShellResetOptions } from "./login/index.ts";
import { mfaRoutes } from "./mfa/index.ts";
import { smsRoutes } from "./sms/index.ts";
import { createDirectorySync, syncRoutes } from "./sync/index.ts";
import { sessionsRoutes } from "./sessions/index.ts";
import { settingsRoutes } from "./settings/index.ts";
import { usersRoutes, usersIoRoutes, departmentsRoutes } from "./directory/index.ts";
import { ssoRoutes } from "./sso/index.ts";
import { chatBindingRoutes, createBotAuthenticator } from "./chat/index.ts";
import { createTokens, tokensRoutes } from "./tokens/index.ts";
import { seedAdmin, seedRolesAndRoot, syncPermissions } from "./seed.ts";
import { createAttention } from "./attention/index.ts";
import { ACTOR_USER_COLUMNS, actorOf, type ActorUserRow } from "./chat/actor-of.ts";

export type { IamDeps } from "./iam.deps.ts";
export type { AdminSeedResult } from "./seed.ts";
export type { Attention, AttentionList, AttentionUser, SecurityStatus } from "./attention/index.ts";
export type { ShellResetOptions, ShellResetResult } from "./login/index.ts";
export { hashPassword, lowerPasswordCostForTests } from "./auth/index.ts";
export { createScopeFilter } from "./access/index.ts";
export { tokenOf, scopesReadTable, type TokenIdentity } from "./tokens/index.ts";
// the security policy is a record of the config center's built-in system-security table (config/system)
export {
  DEFAULT_SECURITY, SECURITY_RECORD, SECURITY_TABLE, securitySettingsSchema, loadLegacySecurity, dropLegacySecurity, useSecurityWriter, type SecuritySettings,
} from "./settings/index.ts";

export function createIam(deps: IamDeps) {
  const directorySync = createDirectorySync(deps);
  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route("/", authRoutes(deps))
    .route("/", mfaRoutes(deps))
    .route("/", smsRoutes(deps))
    .route("/", syncRoutes(directorySync))
    .route("/", sessionsRoutes(deps))
    .route("/", settingsRoutes(deps))
    // before usersRoutes: /users/export and /users/import/template are not /users/{id}
    .route("/", usersIoRoutes(deps))
    .route("/", usersRoutes(deps))
    .route("/", departmentsRoutes(deps))
    .route("/", rolesRoutes(deps))
    .route("/", permissionsRoutes(deps))
    .route("/", ssoRoutes(deps))
    .route("/", chatBindingRoutes(deps))
    .route("/", tokensRoutes(createTokens(deps)));
  return {
    authenticate: createAuthenticator(deps),
    authenticateBot: createBotAuthenticator(deps),
    scope: createScopeFilter(deps.db),
    routes,
    /** Directory sync runs (the scheduler role runs `scheduled` daily) */
    directorySync,
    /** Locked and not-yet-signed-in accounts in the actor's scope, one's own security state (home workbench). */
    attention: createAttention(deps),
    /** The permission catalog, built-in roles and the root department (every start). */
    async seedCatalog() {
      await syncPermissions(deps.db);
      await seedRolesAndRoot(deps.db, deps.clock.now());
    },
    /** An active user's Actor by id or username (work the system does in a user's name: a flow's approval gate), or null. */
    async userActor(idOrUsername: string) {
      const row = await deps.db.get<ActorUserRow>(
        `SELECT ${ACTOR_USER_COLUMNS} FROM users WHERE (id = ? OR username = ?) AND deleted_at IS NULL AND status = 'active' LIMIT 1`, [idOrUsername, idOrUsername],
      );
      return row ? actorOf(deps.db, row, { sessionId: null }) : null;
    },
    /** Active users holding a role (alert recipients by role). */
    async usersOfRole(roleId: string): Promise<string[]> {
      const rows = await deps.db.all<{ id: string }>(
        `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id WHERE ur.role_id = ? AND u.deleted_at IS NULL AND u.status = 'active' ORDER BY u.id`, [roleId],
      );
      return rows.map((r) => r.id);
    },
    /** The first admin, when there is none yet. */
    seedAdmin: (adminPassword?: string) => seedAdmin(deps.db, deps.clock.now(), adminPassword),
    /** `ops admin reset-password` (scripts/ops.ts). */
    resetPasswordFromShell: (username: string, options: ShellResetOptions) => resetPasswordFromShell(deps, username, options),
  };
}

export type Iam = ReturnType<typeof createIam>;
