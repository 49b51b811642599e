import type { Migration } from "../migrate.ts";

/** Chat binding hardening (bind-confirm attempts, requester details). */
export const m012ChatHardening: Migration = {
  version: 12,
  name: "chat-hardening",
  statements: () => [],
};
