import { PERMISSIONS, hasPermission, type FieldError, type UserActor } from "@ops/shared";
import { CONFIG_NAME_PATTERN } from "@ops/shared/contracts/config.ts";

/**
 * What a token may be granted: read permissions of the catalogue (codes ending in `:view` or `:list`)
 * and the published endpoint's `config:read:<table>` / `config:read:*`. Anything else (a write, a
 * menu, a manage code) is refused at creation, so a token can never change anything whatever route
 * it reaches (on top of the method check in the verifier).
 */
const READ_CODES = new Set(PERMISSIONS.filter((p) => p.kind !== "menu" && /:(view|list)$/.test(p.code)).map((p) => p.code));

export const CONFIG_READ_PREFIX = "config:read:";

export function isReadScope(scope: string): boolean {
  if (READ_CODES.has(scope)) return true;
  if (!scope.startsWith(CONFIG_READ_PREFIX)) return false;
  const table = scope.slice(CONFIG_READ_PREFIX.length);
  return table === "*" || CONFIG_NAME_PATTERN.test(table);
}

/** Which scope lets a token read a table's published endpoint (explicit table or the wildcard). */
export function scopesReadTable(scopes: readonly string[], table: string): boolean {
  return scopes.includes(`${CONFIG_READ_PREFIX}*`) || scopes.includes(`${CONFIG_READ_PREFIX}${table}`);
}

/**
 * Field errors for scopes that are not read scopes, unknown, or not held by the creator (no one
 * hands out more than they have; config:read:* needs config:view). Named `scopes.<i>`.
 */
export function checkScopes(scopes: readonly string[], creator: UserActor): FieldError[] {
  const errors: FieldError[] = [];
  scopes.forEach((scope, i) => {
    const field = `scopes.${i}`;
    const known = READ_CODES.has(scope) || scope.startsWith(CONFIG_READ_PREFIX) || PERMISSIONS.some((p) => p.code === scope);
    if (!known) errors.push({ field, message: "iam.token_scope_unknown" });
    else if (!isReadScope(scope)) errors.push({ field, message: "iam.token_scope_write" });
    else if (!hasPermission(creator, scope.startsWith(CONFIG_READ_PREFIX) ? "config:view" : scope)) errors.push({ field, message: "iam.token_scope_not_held" });
  });
  return errors;
}
