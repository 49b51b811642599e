import type { Migration } from "../migrate.ts";

/**
 * Chat binding hardening needs no schema change: the requester's details ride in the bind ticket's
 * payload and the identity's profile (JSON), the chat command in audit_logs.via ("slack: run …"),
 * and bind-confirm attempts are counted in memory like sign-in attempts (platform/rate-limit.ts).
 */
export const m012ChatHardening: Migration = {
  version: 12,
  name: "chat-hardening",
  statements: () => [],
};
