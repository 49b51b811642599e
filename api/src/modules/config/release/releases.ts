import type { Actor, Page } from "@ops/shared";
import type { ConfigRelease, ConfigTable, GraySpec } from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, insertRow, paginate, type ListQuery } from "../../../platform/db/query.ts";
import { grayMatches } from "./gray.ts";
import type { ReleaseDeps } from "./release.deps.ts";
import { grayInProgress, notGray, releaseNotFound } from "./release.errors.ts";
import { RELEASE_FROM, RELEASE_SELECT, liveReleases, loadRelease, toRelease, type ReleaseRow } from "./store.ts";

/** Every process hears a release here (PostgreSQL NOTIFY; in-process on SQLite): long-polls wake. */
const CHANNEL = "config_released";

export type NewRelease = {
  version: number;
  kind: ConfigRelease["kind"];
  gray: GraySpec | null;
  change_set_id: string | null;
  note: string;
  by: string;
  /** a direct write or rollback: it reaches everyone, so a gray release in progress is superseded instead of refusing */
  supersedeGray?: boolean;
};

/**
 * Releases: numbered per table, immutable but for the status (gray → full | aborted, full → superseded).
 * At most one full and one gray per table (partial unique indexes); a new release while one is gray is
 * refused. Numbers are taken under a per-table lock on PostgreSQL (SQLite has one writer).
 */
export function createReleases(deps: ReleaseDeps) {
  const { db, clock } = deps;
  const listeners = new Set<(table: string) => void>();
  let listening: Promise<unknown> | null = null;
  const listen = () => {
    listening ??= db.listen(CHANNEL, (table) => {
      for (const fn of listeners) {
        try {
          fn(table);
        } catch (e) {
          deps.logger?.warn("config release listener failed", { table, err: e });
        }
      }
    }).catch((e) => {
      listening = null;
      deps.logger?.warn("config release listen failed", { err: e });
    });
    return listening;
  };

  async function lock(table: string) {
    if (db.dialect === "postgres") await db.get("SELECT pg_advisory_xact_lock(hashtext(?))", [`config-release:${table}`]);
  }

  /** Inside the caller's transaction (or one of its own): the new release, the previous full one superseded when this one is full. */
  async function create(table: ConfigTable, r: NewRelease): Promise<ConfigRelease> {
    return db.tx(async () => {
      await lock(table.name);
      const live = await liveReleases(db, table.name);
      const at = iso(clock.now());
      if (live.gray) {
        if (!r.supersedeGray) throw grayInProgress(live.gray.number);
        await db.run("UPDATE config_releases SET status = 'superseded', ended_at = ? WHERE table_name = ? AND status = 'gray'", [at, table.name]);
      }
      const next = await db.get<{ n: number | string | null }>("SELECT MAX(number) AS n FROM config_releases WHERE table_name = ?", [table.name]);
      const number = Number(next?.n ?? 0) + 1;
      if (!r.gray) await db.run("UPDATE config_releases SET status = 'superseded', ended_at = ? WHERE table_name = ? AND status = 'full'", [at, table.name]);
      await insertRow(db, "config_releases", {
        id: newId(), table_name: table.name, number, version: r.version, status: r.gray ? "gray" : "full", gray: r.gray ? JSON.stringify(r.gray) : null,
        change_set_id: r.change_set_id, kind: r.kind, note: r.note, released_by: r.by, created_at: at, ended_at: null,
      });
      await db.notify(CHANNEL, table.name);
      return (await loadRelease(db, table.name, number))!;
    });
  }

  async function get(table: string, n: number): Promise<ConfigRelease> {
    const rel = await loadRelease(db, table, n);
    if (!rel) throw releaseNotFound(n);
    return rel;
  }

  return {
    create,
    get,
    list(table: string, q: ListQuery & { status?: string }): Promise<Page<ConfigRelease>> {
      const where = new Where().eq("r.table_name", table).eq("r.status", q.status);
      return paginate<ReleaseRow, ConfigRelease>(db, {
        select: RELEASE_SELECT, from: RELEASE_FROM, where, query: q, sortable: { number: "r.number", created_at: "r.created_at" },
        defaultSort: "r.number DESC", map: toRelease,
      });
    },
    live: (table: string) => liveReleases(db, table),
    /** gray → full: the previous full release is superseded. */
    async promote(table: ConfigTable, n: number): Promise<{ before: ConfigRelease; after: ConfigRelease }> {
      return db.tx(async () => {
        await lock(table.name);
        const before = await get(table.name, n);
        if (before.status !== "gray") throw notGray(n, before.status);
        const at = iso(clock.now());
        await db.run("UPDATE config_releases SET status = 'superseded', ended_at = ? WHERE table_name = ? AND status = 'full'", [at, table.name]);
        await db.run("UPDATE config_releases SET status = 'full', ended_at = ? WHERE table_name = ? AND number = ? AND status = 'gray'", [at, table.name, n]);
        await db.notify(CHANNEL, table.name);
        return { before, after: await get(table.name, n) };
      });
    },
    /**
     * gray → aborted: everyone keeps the previous full release; the records are restored to its version
     * (kind "abort") so what the table shows matches what consumers get. No previous full release: nothing to restore.
     */
    async abort(table: ConfigTable, n: number, reason: string, actor: Actor): Promise<{ before: ConfigRelease; after: ConfigRelease; restored: number | null; kept: number | null }> {
      return db.tx(async () => {
        await lock(table.name);
        const before = await get(table.name, n);
        if (before.status !== "gray") throw notGray(n, before.status);
        const { full } = await liveReleases(db, table.name);
        await db.run("UPDATE config_releases SET status = 'aborted', ended_at = ? WHERE table_name = ? AND number = ? AND status = 'gray'", [iso(clock.now()), table.name, n]);
        let restored: number | null = null;
        if (full) {
          const fresh = (await deps.data.getTable(table.name)) ?? table;
          if (fresh.version !== full.version) restored = (await deps.data.restore(fresh, full.version, { actor, reason, kind: "abort", restored_version: full.version })).version;
        }
        await db.notify(CHANNEL, table.name);
        return { before, after: await get(table.name, n), restored, kept: full?.version ?? null };
      });
    },
    /** Which release a consumer gets now: the gray one when it reaches the consumer, else the full one; null: never released. */
    async resolveFor(table: ConfigTable, consumer: { name: string; labels: string[] }): Promise<{ release: number; version: number; gray: boolean } | null> {
      const { full, gray } = await liveReleases(db, table.name);
      if (gray && grayMatches(gray.gray, consumer)) return { release: gray.number, version: gray.version, gray: true };
      return full ? { release: full.number, version: full.version, gray: false } : null;
    },
    /** `listener(table)` after every release, promote and abort, in every process. */
    onReleased(listener: (table: string) => void): () => void {
      listeners.add(listener);
      void listen();
      return () => listeners.delete(listener);
    },
    /** Starts listening (await it before relying on cross-process wake-ups). */
    listen,
    /** Versions any release ever carried (history pruning keeps them). */
    async releasedVersions(table: ConfigTable): Promise<number[]> {
      const rows = await db.all<{ version: number | string }>("SELECT DISTINCT version FROM config_releases WHERE table_name = ?", [table.name]);
      return rows.map((r) => Number(r.version));
    },
  };
}

export type Releases = ReturnType<typeof createReleases>;
