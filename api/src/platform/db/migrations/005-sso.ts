import type { Migration } from "../migrate.ts";

/** SSO: expired one-time tickets (OIDC state, login tickets) are purged by kind and expiry. */
export const m005Sso: Migration = {
  version: 5,
  name: "sso",
  statements: () => ["CREATE INDEX auth_tickets_kind_expires ON auth_tickets(kind, expires_at)"],
};
