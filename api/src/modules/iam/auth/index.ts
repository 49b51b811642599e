/**
 * Credentials and sign-in: passwords and their policy, lockout, rate limits, confirm-password,
 * the seam every sign-in ends in (login-flow.ts), request authentication, profile.
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { confirmPassword } from "./auth-confirm-password.ts";
export { clearSignInLimit, limitRefresh, limitSignIn } from "./auth-rate-limit.ts";
export { createAuthenticator } from "./authenticate.ts";
export { createGhostLocks } from "./lockout-ghosts.ts";
export { assertNotLocked, recordFailure, resetFailures, unlockUser, lockError } from "./lockout.ts";
export {
  finishLogin, tokenData, type LoginResult, type TokenData, MFA_DEMANDED_SQL, currentRestriction, type VerifiedUser,
} from "./login-flow.ts";
export { checkPasswordPolicy, setUserPassword, changeOwnPassword } from "./password-change.ts";
export { passwordExpiresAt, passwordPolicyOf } from "./password-policy.ts";
export { generatePassword, hashPassword, lowerPasswordCostForTests, verifyPassword } from "./passwords.ts";
export { profileRoutes } from "./profile.routes.ts";
