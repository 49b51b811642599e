import type { ChangeSetStatus, ConfigChange, ConfigChangeSet, ConfigDiffEntry, ConfigRelease, GraySpec, ReleaseStatus } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";

/** Rows of config_change_sets and config_releases (migration 035) and their API shapes. */
export type ChangeSetRow = {
  id: string; table_name: string; status: ChangeSetStatus; changes: string; diff: string; reason: string; author_id: string;
  author_name?: string | null; approval_id: string | null; release_at: string | null; gray: string | null; emergency: number | boolean;
  version: number | string | null; release_number: number | string | null; error: string | null; created_at: string; updated_at: string;
};

export type ReleaseRow = {
  id: string; table_name: string; number: number | string; version: number | string; status: ReleaseStatus; gray: string | null;
  change_set_id: string | null; kind: ConfigRelease["kind"]; note: string; released_by: string; released_by_name?: string | null;
  created_at: string; ended_at: string | null;
};

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function toChangeSet(r: ChangeSetRow): ConfigChangeSet {
  return {
    id: r.id, table: r.table_name, status: r.status, changes: JSON.parse(r.changes) as ConfigChange[], diff: JSON.parse(r.diff) as ConfigDiffEntry[],
    reason: r.reason, author_id: r.author_id, author_name: r.author_name ?? undefined, approval_id: r.approval_id, release_at: r.release_at,
    gray: r.gray ? (JSON.parse(r.gray) as GraySpec) : null, emergency: Boolean(Number(r.emergency)), version: num(r.version),
    release: num(r.release_number), error: r.error, created_at: r.created_at, updated_at: r.updated_at,
  };
}

export function toRelease(r: ReleaseRow): ConfigRelease {
  return {
    number: Number(r.number), table: r.table_name, version: Number(r.version), status: r.status, gray: r.gray ? (JSON.parse(r.gray) as GraySpec) : null,
    change_set_id: r.change_set_id, kind: r.kind, note: r.note, released_by: r.released_by, released_by_name: r.released_by_name ?? undefined,
    created_at: r.created_at, ended_at: r.ended_at,
  };
}

export const CHANGE_SET_SELECT = "s.*, u.display_name AS author_name";
export const CHANGE_SET_FROM = "config_change_sets s LEFT JOIN users u ON u.id = s.author_id";
export const RELEASE_SELECT = "r.*, u.display_name AS released_by_name";
export const RELEASE_FROM = "config_releases r LEFT JOIN users u ON u.id = r.released_by";

export async function loadChangeSet(db: Db, id: string): Promise<ConfigChangeSet | null> {
  const r = await db.get<ChangeSetRow>(`SELECT ${CHANGE_SET_SELECT} FROM ${CHANGE_SET_FROM} WHERE s.id = ?`, [id]);
  return r ? toChangeSet(r) : null;
}

export async function loadRelease(db: Db, table: string, n: number): Promise<ConfigRelease | null> {
  const r = await db.get<ReleaseRow>(`SELECT ${RELEASE_SELECT} FROM ${RELEASE_FROM} WHERE r.table_name = ? AND r.number = ?`, [table, n]);
  return r ? toRelease(r) : null;
}

/** The table's current full release and its gray release in progress (either may be absent). */
export async function liveReleases(db: Db, table: string): Promise<{ full: ConfigRelease | null; gray: ConfigRelease | null }> {
  const rows = await db.all<ReleaseRow>(`SELECT ${RELEASE_SELECT} FROM ${RELEASE_FROM} WHERE r.table_name = ? AND r.status IN ('full', 'gray')`, [table]);
  const found = rows.map(toRelease);
  return { full: found.find((r) => r.status === "full") ?? null, gray: found.find((r) => r.status === "gray") ?? null };
}
