/**
 * Sessions and access tokens; session admin (my sessions, online users, kick).
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { lookupSession } from "./session-lookup.ts";
export { sessionsRoutes } from "./sessions.routes.ts";
export {
  revokeSession, startSession, type Restriction, type TokenPair, reissueSession, revokeUserSessions, issuePair,
  type SessionRef,
} from "./sessions.ts";
export { verifyToken, type AccessClaims, signMfa, type MfaClaims } from "./tokens.ts";
