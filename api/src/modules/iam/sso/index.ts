/**
 * Single sign-on: OIDC and LDAP.
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { createLdapLogin } from "./ldap-login.ts";
export { ssoRoutes } from "./sso.routes.ts";
