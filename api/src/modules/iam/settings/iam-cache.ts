import type { DataScope } from "@ops/shared";
import type { Db, Dialect } from "../../../platform/db/db.ts";
import { loadSecurity, type SecuritySettings } from "./settings.ts";

/**
 * What every authenticated request needs and almost never changes, cached per process: the
 * security settings, every role with its effective permissions, the department paths. Each copy
 * carries the version it was loaded at; the versions live in `cache_versions` (migration 011),
 * bumped by triggers in the same transaction as any change. The request's session query reads
 * them too (versionColumns), so a change made by any process applies on the very next request,
 * at the price of three primary-key lookups in a query that runs anyway.
 *
 * Inside a transaction nothing is cached or served from the cache: the transaction may see its
 * own uncommitted change (which must not be cached), and it must see it.
 */
/** `sessions` (migration 058) versions sessions' revocation and restriction, for the actor cache (auth/actor-cache.ts). */
export type CacheVersions = { security: number; roles: number; depts: number; users: number; sessions: number };

export type CachedRole = {
  id: string; code: string; name: string; sort: number; path: string; data_scope: DataScope; mfa_required: number; permissions: string[];
};
export type RoleTable = ReadonlyMap<string, CachedRole>;

const VERSION_NAMES = ["security", "roles", "depts", "users", "sessions"] as const;

/**
 * The versions as columns of a query that runs anyway. `users` (migration 021) versions the user
 * directory itself, for the list's answer cache. SQLite: a primary-key seek each (v_<name>).
 * PostgreSQL: one aggregate over the four-row table (v_all, `name=version,...`), which cost its
 * backend about 5 µs less per request than four subqueries (27 against 32.5 µs for the session
 * statement, measured on PostgreSQL 15).
 */
export function versionColumns(dialect: Dialect): string {
  if (dialect === "postgres") return "(SELECT string_agg(name || '=' || version, ',') FROM cache_versions) AS v_all";
  return VERSION_NAMES.map((name) => `(SELECT version FROM cache_versions WHERE name = '${name}') AS v_${name}`).join(", ");
}

export type VersionRow = { v_all?: string | null } & Partial<Record<`v_${(typeof VERSION_NAMES)[number]}`, number | string | null>>;

/** A version that is missing (a store not migrated yet) reads as 0. */
export function versionsOfRow(row: VersionRow): CacheVersions {
  if (row.v_all === undefined) {
    return {
      security: Number(row.v_security ?? 0), roles: Number(row.v_roles ?? 0), depts: Number(row.v_depts ?? 0), users: Number(row.v_users ?? 0),
      sessions: Number(row.v_sessions ?? 0),
    };
  }
  const out: CacheVersions = { security: 0, roles: 0, depts: 0, users: 0, sessions: 0 };
  for (const pair of (row.v_all ?? "").split(",")) {
    const at = pair.indexOf("=");
    const name = pair.slice(0, at);
    if (name in out) out[name as keyof CacheVersions] = Number(pair.slice(at + 1));
  }
  return out;
}

type Slot<T> = { version: number; value: T };

/** One cached value: reloaded when a newer version is asked for; one load at a time per version. */
function cachedSlot<T>(db: Db, load: () => Promise<T>) {
  let slot: Slot<T> | null = null;
  let pending: { version: number; promise: Promise<T> } | null = null;
  return async (version: number): Promise<T> => {
    if (db.inTx()) return load();
    if (slot && slot.version >= version) return slot.value;
    if (pending && pending.version >= version) return pending.promise;
    const promise = load();
    pending = { version, promise };
    try {
      const value = await promise;
      if (!slot || slot.version < version) slot = { version, value };
      return value;
    } finally {
      if (pending?.promise === promise) pending = null;
    }
  };
}

export type IamCache = {
  /** The current versions (one small query), for callers that did not read them with a session. */
  versions(): Promise<CacheVersions>;
  security(version: number): Promise<SecuritySettings>;
  roles(version: number): Promise<RoleTable>;
  deptPaths(version: number): Promise<ReadonlyMap<string, string>>;
  /** department id → code, for the departments that have one (built-in names, access/builtin-names.ts) */
  deptCodes(version: number): Promise<ReadonlyMap<string, string>>;
};

const caches = new WeakMap<Db, IamCache>();

/** The cache of this process's Store (every IAM part over the same Db shares it). */
export function iamCacheFor(db: Db): IamCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = createIamCache(db)));
  return cache;
}

function createIamCache(db: Db): IamCache {
  return {
    versions: sharedReads(db, async () => versionsOfRow((await db.get<VersionRow>(`SELECT ${versionColumns(db.dialect)}`))!), {
      deferFirst: db.dialect === "sqlite",
    }),
    security: cachedSlot(db, () => loadSecurity(db)),
    roles: cachedSlot(db, () => loadRoles(db)),
    deptPaths: cachedSlot(db, async () => {
      const rows = await db.all<{ id: string; path: string }>("SELECT id, path FROM departments");
      return new Map(rows.map((r) => [r.id, r.path]));
    }),
    deptCodes: cachedSlot(db, async () => {
      const rows = await db.all<{ id: string; code: string }>("SELECT id, code FROM departments WHERE code IS NOT NULL");
      return new Map(rows.map((r) => [r.id, r.code]));
    }),
  };
}

/**
 * A read that requests arriving together share, and that stays exact: a request gets the result of a read that
 * started after it arrived. One asking while no read runs starts one; those asking while one runs (it may have
 * started before a change they must see) share the next, started when that one ends. Under load (every
 * authenticated request reads the versions: auth/actor-cache.ts) a round trip serves all the requests that came in
 * during the one before it. `deferFirst` (SQLite, whose statements run at once and so never overlap): a read also
 * waits for the current turn of the event loop to end, so the requests the server took in that turn share it.
 * Inside a transaction the read is its own (it must see the transaction's changes).
 */
export function sharedReads<T>(db: Db, load: () => Promise<T>, options: { deferFirst?: boolean } = {}): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const read = load();
    running = read;
    const ended = () => {
      if (running === read) running = null;
    };
    read.then(ended, ended);
    return read;
  };
  const turnEnds = () => new Promise<void>((resolve) => setImmediate(resolve));
  return () => {
    if (db.inTx()) return load();
    // a read waiting to start starts after this request came: it will do
    if (next) return next;
    if (!running && !options.deferFirst) return start();
    const before = running ? running.then(() => undefined, () => undefined) : turnEnds();
    next = before.then(() => {
      next = null;
      return start();
    });
    return next;
  };
}

/** Every role with its own codes plus its ancestors' (a child inherits its parent's). */
async function loadRoles(db: Db): Promise<RoleTable> {
  const roles = await db.all<Omit<CachedRole, "permissions">>("SELECT id, code, name, sort, path, data_scope, mfa_required FROM roles");
  const grants = await db.all<{ role_id: string; permission_code: string }>("SELECT role_id, permission_code FROM role_permissions");
  const own = new Map<string, string[]>();
  for (const g of grants) (own.get(g.role_id) ?? own.set(g.role_id, []).get(g.role_id)!).push(g.permission_code);
  const out = new Map<string, CachedRole>();
  for (const role of roles) {
    const codes = new Set<string>();
    for (const id of role.path.split("/").filter(Boolean)) for (const code of own.get(id) ?? []) codes.add(code);
    out.set(role.id, { ...role, sort: Number(role.sort), mfa_required: Number(role.mfa_required), permissions: [...codes].sort() });
  }
  return out;
}

const unions = new WeakMap<RoleTable, Map<string, string[]>>();

/** Effective codes of a user holding these roles (memoised per role table: a handful of role sets). */
export function permissionsOfRoles(table: RoleTable, roleIds: string[]): string[] {
  let memo = unions.get(table);
  if (!memo) unions.set(table, (memo = new Map()));
  const key = [...roleIds].sort().join(",");
  let codes = memo.get(key);
  if (!codes) {
    const set = new Set<string>();
    for (const id of roleIds) for (const code of table.get(id)?.permissions ?? []) set.add(code);
    codes = [...set].sort();
    memo.set(key, codes);
  }
  return [...codes];
}

/** The versions an actor was authenticated at: later checks in the same request need not read them again. */
const actorVersions = new WeakMap<object, CacheVersions>();

export function rememberVersions(actor: object, versions: CacheVersions): void {
  actorVersions.set(actor, versions);
}

export async function versionsFor(db: Db, actor: object): Promise<CacheVersions> {
  return actorVersions.get(actor) ?? iamCacheFor(db).versions();
}

/** The role table as of the actor's request (any actor: the current versions are read when unknown). */
export async function rolesFor(db: Db, actor: object | null): Promise<RoleTable> {
  const versions = actor ? await versionsFor(db, actor) : await iamCacheFor(db).versions();
  return iamCacheFor(db).roles(versions.roles);
}

/** Department codes as of the actor's request (the current versions are read when there is no actor). */
export async function deptCodesFor(db: Db, actor: object | undefined): Promise<ReadonlyMap<string, string>> {
  const versions = actor ? await versionsFor(db, actor) : await iamCacheFor(db).versions();
  return iamCacheFor(db).deptCodes(versions.depts);
}

/** The security settings as of the actor's request (cached; read again only when they changed). */
export async function securityFor(db: Db, actor: object): Promise<SecuritySettings> {
  return iamCacheFor(db).security((await versionsFor(db, actor)).security);
}
