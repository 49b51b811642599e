import type { UserActor } from "@ops/shared";
import type { CacheVersions } from "../settings/index.ts";

/**
 * The actor a session's access token authenticated as, kept per process by session id, so a request whose IAM cache
 * versions are all unchanged (one small query) is answered without the session statement, the settings and role
 * lookups and a new actor. Exact across processes: every source of the actor is versioned by triggers in the same
 * transaction as its change: `users` (the user row, its role assignments), `roles` (permissions), `depts`,
 * `security` (the idle timeout) and `sessions` (revocation, restriction; migration 058).
 *
 * What time changes is checked on the copy: expiry and idleness. The copy's last-seen time is at most as new as the
 * store's (another process may have touched the session since), so a copy that looks expired or idle only sends the
 * request down the full path, which reads the session again and decides.
 *
 * The actor is frozen: one object answers many requests, so no request may change it.
 */
export type CachedActor = {
  token: string;
  actor: UserActor;
  versions: CacheVersions;
  lastSeenMs: number;
  expiresMs: number;
  idleMs: number;
};

const MAX_ENTRIES = 10_000;

export function createActorCache(max = MAX_ENTRIES) {
  const entries = new Map<string, CachedActor>();
  return {
    /** the copy for this session and token, if every version is the one it was built at and it is still live at `nowMs` */
    get(sessionId: string, token: string, versions: CacheVersions, nowMs: number): CachedActor | null {
      const e = entries.get(sessionId);
      if (!e || e.token !== token || !sameVersions(e.versions, versions)) return null;
      if (e.expiresMs <= nowMs || nowMs - e.lastSeenMs > e.idleMs) return null;
      return e;
    },
    set(sessionId: string, entry: CachedActor): void {
      freezeActor(entry.actor);
      entries.delete(sessionId);
      // oldest first out (Map keeps insertion order)
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(sessionId, entry);
    },
    /** the session was refused (revoked, idle, expired, user gone): no copy answers for it */
    forget(sessionId: string): void {
      entries.delete(sessionId);
    },
    get size() {
      return entries.size;
    },
  };
}

function sameVersions(a: CacheVersions, b: CacheVersions): boolean {
  return a.users === b.users && a.roles === b.roles && a.depts === b.depts && a.security === b.security && a.sessions === b.sessions;
}

function freezeActor(actor: UserActor): void {
  Object.freeze(actor.permissions);
  Object.freeze(actor.roleIds);
  Object.freeze(actor);
}
