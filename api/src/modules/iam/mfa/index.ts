/**
 * Second factor: TOTP, recovery codes, MFA verify.
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { claimTotpStep, matchTotp } from "./mfa-totp.ts";
export { mfaRoutes } from "./mfa.routes.ts";
