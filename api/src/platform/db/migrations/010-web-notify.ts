import type { Migration } from "../migrate.ts";

/** Notification delivery ids and stream tickets. */
export const m010WebNotify: Migration = {
  version: 10,
  name: "web-notify",
  statements: () => [],
};
