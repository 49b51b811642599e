/**
 * Roles, permissions, data scopes and the guards on who may manage whom (built-in roles too).
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { createScopeFilter } from "./data-scope.ts";
export { builtinName, keepDefaultName, localizeDepts, localizeRoles, localizeUsers, nameLocale } from "./builtin-names.ts";
export { buildTree, isInSubtree, movePaths } from "./dept-tree.ts";
export { assertDeptInScope, assertCanGrantRoles, changedIds } from "./directory-guards.ts";
export { permissionsOf, rolesOf } from "./permissions-of.ts";
export { permissionsRoutes } from "./permissions.routes.ts";
export { rolesRoutes } from "./roles.routes.ts";
export { SEED_ROLES, withMenus } from "./seed-roles.ts";
export { assertMayManageUser } from "./user-target-guard.ts";
