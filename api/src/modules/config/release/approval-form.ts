import { DEFAULT_LOCALE, t } from "@ops/shared";
import type { ConfigDiffEntry, ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";
import { holdersOf } from "./access.ts";
import { CONFIG_PUBLISH } from "./release.deps.ts";

/** Longest before/after text on the approval form (the card cuts there and links to the change set). */
const CUT = 200;
/** approvals' table fields hold at most 200 rows */
const ROWS = 200;

const text = (v: unknown): string => {
  if (v === undefined || v === null) return "";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > CUT ? `${s.slice(0, CUT - 1)}…` : s;
};

/** The approval's title: the table and how many records change. */
export function approvalTitle(table: ConfigTable, diff: ConfigDiffEntry[]): string {
  return t(DEFAULT_LOCALE, "config.release.approval_title", { table: table.display_name || table.name, count: diff.length }).slice(0, 200);
}

/**
 * The form every change-set definition publishes: table, change_set_id, reason, and `changes` as rows
 * (record, field, before, after) the chat card shows as a diff block; long values are cut to 200 characters.
 */
export function approvalForm(table: ConfigTable, id: string, reason: string, diff: ConfigDiffEntry[]): Record<string, unknown> {
  const rows: Array<Record<string, string>> = [];
  for (const e of diff) {
    if (!e.fields.length) rows.push({ record: e.key, field: "", before: e.op === "removed" ? e.key : "", after: e.op === "added" ? e.key : "" });
    for (const f of e.fields) rows.push({ record: e.key, field: f.label || f.field, before: text(f.before), after: text(f.after) });
  }
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
