import { DEFAULT_LOCALE, notFound, systemActor } from "@ops/shared";
import { newId } from "../../../platform/crypto.ts";
import type { IamDeps } from "../iam.deps.ts";
import { unlockUser, setUserPassword } from "../auth/index.ts";
import { acceptedPassword } from "../directory/index.ts";

export type ShellResetOptions = {
  /** the new password; generated (policy-conforming) when absent */
  password?: string;
  /** the owner must change it at next sign-in (default true) */
  mustChange?: boolean;
};

export type ShellResetResult = { userId: string; username: string; password: string; generated: boolean; sessionsEnded: number; wasLocked: boolean };

/**
 * `ops admin reset-password <user>`: the way back in when nobody can sign in as an administrator
 * (the first password lost, the only admin locked out). Same rules as the admin reset over HTTP
 * (password policy and history, every session ended), plus an unlock; audited as system:cli.
 */
export async function resetPasswordFromShell(deps: IamDeps, username: string, options: ShellResetOptions): Promise<ShellResetResult> {
  const started = Date.now();
  const user = await deps.db.get<{ id: string; username: string }>(
    "SELECT id, username FROM users WHERE LOWER(username) = LOWER(?) AND deleted_at IS NULL",
    [username],
  );
  if (!user) throw notFound("iam.user_not_found");
  const password = options.password ?? (await acceptedPassword(deps, user.username));
  const mustChange = options.mustChange ?? true;
  const { endedSessionIds } = await setUserPassword(deps, user.id, password, { mustChange, keepSessionId: null });
  const lock = await unlockUser(deps, user.id);
  await deps.audit.recordRequest({
    ctx: {
      requestId: newId(), ip: null, userAgent: "ops-cli", locale: DEFAULT_LOCALE, actor: systemActor("cli"), via: "cli",
      auditNotes: [{
        resourceType: "user", resourceId: user.id,
        before: { username: user.username, locked: lock.wasLocked, failed_count: lock.failedCount },
        after: { username: user.username, must_change_password: mustChange, generated: options.password === undefined, sessions_ended: endedSessionIds.length, locked: false },
      }],
    },
    method: "CLI", path: "ops admin reset-password", status: 200, durationMs: Date.now() - started,
    module: "iam", action: "user.reset-password", resourceType: "user",
  });
  return { userId: user.id, username: user.username, password, generated: options.password === undefined, sessionsEnded: endedSessionIds.length, wasLocked: lock.wasLocked };
}
