import type { Migration } from "../migrate.ts";

/** Reserved for the auth area's schema changes (empty until it needs one). */
export const m003Auth: Migration = {
  version: 3,
  name: "auth",
  statements: () => [],
};
