import { DEFAULT_LOCALE, t } from "@ops/shared";
import { configDiffRows, type ConfigDiffEntry, type ConfigDiffRow, type ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";
import { holdersOf } from "./access.ts";
import { CONFIG_PUBLISH } from "./release.deps.ts";

/** approvals' table fields hold at most 200 rows */
const ROWS = 200;

/** The approval's title: the table and how many records change. */
export function approvalTitle(table: ConfigTable, diff: ConfigDiffEntry[]): string {
  return t(DEFAULT_LOCALE, "config.release.approval_title", { table: table.display_name || table.name, count: diff.length }).slice(0, 200);
}

/**
 * The form every change-set definition publishes: table, change_set_id, reason, and `changes` as rows
 * (record, field, before, after) the chat card shows as a diff block; long values are cut to 200 characters (configDiffRows).
 */
export function approvalForm(table: ConfigTable, id: string, reason: string, diff: ConfigDiffEntry[]): Record<string, unknown> {
  // the shared rows (before null: added, after null: removed; values cut at CONFIG_DIFF_VALUE_MAX); a record with no field rows still shows
  const rows: ConfigDiffRow[] = diff.flatMap((e) => (e.fields.length ? configDiffRows([e]) : [{ record: e.key, field: "", before: e.op === "added" ? null : e.key, after: e.op === "removed" ? null : e.key }]));
  return { table: table.name, change_set_id: id, reason: reason.slice(0, 5000), changes: rows.slice(0, ROWS) };
}

/**
 * The people the initiator "picks" for each initiator_select node: every active config:publish holder but
 * the author (edit and publish by different people; no auto-approval of one's own change).
 */
export async function approversFor(db: Db, nodes: string[], authorId: string): Promise<Record<string, string[]>> {
  if (!nodes.length) return {};
  // approvals take at most 20 chosen approvers per node
  const people = (await holdersOf(db, CONFIG_PUBLISH)).filter((id) => id !== authorId).slice(0, 20);
  return Object.fromEntries(nodes.map((n) => [n, people]));
}
