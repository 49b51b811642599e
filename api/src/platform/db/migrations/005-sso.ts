import type { Migration } from "../migrate.ts";

/** Reserved for the sso area's schema changes (empty until it needs one). */
export const m005Sso: Migration = {
  version: 5,
  name: "sso",
  statements: () => [],
};
