/**
 * Single sign-on: OIDC and LDAP.
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { createLdapLogin } from "./ldap-login.ts";
export { ssoRoutes } from "./sso.routes.ts";
/** for the directory sync (../sync): the platforms' HTTP calls and the super-administrator test */
export { callPlatform, postJson, str, type Json } from "./im-http.ts";
export { ssoUnavailable } from "./sso.errors.ts";
export { isSuperAdmin } from "./identities.ts";
