/**
 * Security settings and the per-process IAM cache (settings, roles, department paths and codes).
 * The IAM root and sibling folders reach this folder only through this file.
 */
export {
  iamCacheFor, versionsFor, deptCodesFor, permissionsOfRoles, rememberVersions, rolesFor, type RoleTable, securityFor,
  versionColumns, versionsOfRow, type CacheVersions, type VersionRow,
} from "./iam-cache.ts";
export { settingsRoutes } from "./settings.routes.ts";
export {
  loadSecurity, saveSecurity, type SecuritySettings, DEFAULT_SECURITY, MAX_PASSWORD_HISTORY, SECURITY_TABLE, SECURITY_RECORD, securitySettingsSchema,
  loadLegacySecurity, dropLegacySecurity, useSecurityWriter, type SecurityWriter,
} from "./settings.ts";
