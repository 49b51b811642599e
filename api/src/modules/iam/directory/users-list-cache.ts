import { hasPermission, type Actor, type Locale, type Page } from "@ops/shared";
import { jsonText, type JsonText } from "../../../http/envelope.ts";
import type { IamDeps } from "../iam.deps.ts";
import { localizeUsers } from "../access/index.ts";
import { versionsFor, type CacheVersions } from "../settings/index.ts";
import { UNMASK_PERMISSION } from "./masking.ts";
import type { UserQueries } from "./users.query.ts";
import type { User, UserListQuery } from "./users.schema.ts";

/**
 * The authenticated user list's answer, kept per process: a page asked again (the PWA's list, a
 * dashboard refreshing) costs the request its session check only.
 *
 * Exact across processes. An answer depends on
 * - the rows: users and user_roles (cache version `users`, migration 021), departments (`depts`),
 *   roles, their permissions and custom scopes (`roles`): triggers bump each version in the same
 *   transaction as any change, whoever writes;
 * - the actor and the query, all of which end up in the key: the list's WHERE (filters, search, and
 *   the data scope the actor's roles, department and id give), the order, page and size, whether
 *   the actor may unmask, the names' language;
 * - the clock, only through `locked` (an entry lives until the first lock on its page runs out)
 *   and the `locked` filter (never kept: its WHERE holds the time, each request would be a new key).
 * The versions are those the request's session statement read. The page is read after them, so an
 * entry holds data at least as new as its versions, and it answers a request whose versions are
 * all at most its own. Inside a transaction nothing is kept or served (it may see its own change).
 */
const MAX_ENTRIES = 256;

type Entry = { versions: CacheVersions; json: JsonText<Page<User>>; expiresAt: number };

export function createUsersListCache(deps: IamDeps, queries: Pick<UserQueries, "list" | "listWhere">) {
  const { db, clock } = deps;
  const entries = new Map<string, Entry>();

  const compute = async (actor: Actor, q: UserListQuery, locale: Locale, where?: Awaited<ReturnType<UserQueries["listWhere"]>>) =>
    localizeUsers(db, locale, await queries.list(actor, q, where));

  return async function listJson(actor: Actor, q: UserListQuery, locale: Locale): Promise<JsonText<Page<User>>> {
    if (actor.kind !== "user" || db.inTx() || q.status === "locked") return jsonText(await compute(actor, q, locale));
    const versions = await versionsFor(db, actor);
    const where = await queries.listWhere(actor, q);
    const key = JSON.stringify([where.sql, where.params, q.sort ?? "", q.page, q.page_size, hasPermission(actor, UNMASK_PERMISSION), locale]);
    const hit = entries.get(key);
    if (hit && covers(hit.versions, versions) && clock.now().getTime() < hit.expiresAt) return hit.json;
    const now = clock.now();
    const page = await compute(actor, q, locale, where);
    const json = jsonText(page);
    const current = entries.get(key);
    if (!current || covers(versions, current.versions)) {
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(key, { versions, json, expiresAt: firstUnlock(page.items, now) });
    }
    return json;
  };
}

/** Whether data read at versions `have` is as new as a request at `want` needs. */
function covers(have: CacheVersions, want: CacheVersions): boolean {
  return have.users >= want.users && have.roles >= want.roles && have.depts >= want.depts;
}

/** When the first user on the page that is locked now stops being locked (`locked` changes then). */
function firstUnlock(items: User[], now: Date): number {
  let first = Infinity;
  for (const u of items) {
    if (u.locked_until === null) continue;
    const until = Date.parse(u.locked_until);
    if (until > now.getTime() && until < first) first = until;
  }
  return first;
}
