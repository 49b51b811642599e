/**
 * The config center's card: a table's diff field by field, in the state it is told in. `diff` answers
 * `config diff` (two versions); the others are the notices of a release (full, gray, promoted, emergency),
 * a rollback or an aborted gray release, and a change set asked for or decided. Links only: approving a
 * change happens on the approval card, releasing and rolling back in the app.
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { linkButton, type Block, type Card, type DiffRow, type Field, type Tone } from "../card.ts";
import { translator, type Dict, type Translate } from "../i18n.ts";
import { formatTime } from "./format.ts";

/** One changed field: `before` null when the record was added, `after` null when it was removed. */
export type ConfigFieldChange = { record: string; field: string; before: string | null; after: string | null };

export const CONFIG_DIFF_STATES = [
  "diff", "released", "gray", "promoted", "emergency", "rolled_back", "aborted",
  "requested", "approved", "scheduled", "released_set", "rejected", "withdrawn", "failed",
] as const;
export type ConfigDiffState = (typeof CONFIG_DIFF_STATES)[number];

export type ConfigDiffData = {
  /** the table's name (URLs, chat) and display name */
  table: string;
  tableName?: string;
  state: ConfigDiffState;
  fromVersion?: number | null;
  toVersion?: number | null;
  release?: number | null;
  /** rolled_back: the version whose state was restored */
  restoredVersion?: number | null;
  /** who released, rolled back, asked or decided */
  actor?: string;
  at?: string;
  reason?: string;
  /** gray: who gets it, already worded ("20% · app-1") */
  gray?: string;
  /** extra words from the sender (a failed set's error, a notice's body when it carries no facts) */
  note?: string;
  rows: ConfigFieldChange[];
  /** counts over the whole diff (records added, changed, removed); without them the rows are counted */
  counts?: { added: number; changed: number; removed: number };
  /** rows in the whole diff, when `rows` is only the first of them */
  totalRows?: number;
  /** the app page with the whole diff */
  link: string;
  timeZone?: string;
};

/** Rows a card shows; the rest are counted ("… and N more") and are on the linked page. */
export const DIFF_ROWS_SHOWN = 10;
/**
 * Characters of a value a card shows; a longer one is cut and the link has all of it. Slack's and DingTalk's
 * renderers cut diff cells at 60 (limits.ts cellChars) and would add their own "cut" notice past it.
 */
export const DIFF_VALUE_SHOWN = 60;

export const configDiffText: Dict = {
  "zh-CN": {
    title_diff: "配置对比：${table}",
    title_released: "配置已发布：${table}",
    title_gray: "配置灰度发布：${table}",
    title_promoted: "配置已全量发布：${table}",
    title_emergency: "配置紧急发布：${table}",
    title_rolled_back: "配置已回滚：${table}",
    title_aborted: "灰度发布已终止：${table}",
    title_requested: "配置变更已提交审批：${table}",
    title_approved: "配置变更已批准：${table}",
    title_scheduled: "配置变更已批准，定时发布：${table}",
    title_released_set: "配置变更已发布：${table}",
    title_rejected: "配置变更被拒绝：${table}",
    title_withdrawn: "配置变更已撤回：${table}",
    title_failed: "配置变更发布失败：${table}",
    table_named: "${name}（${table}）",
    release: "发布 #${release}",
    versions: "版本 ${from} → ${to}",
    version: "版本 ${to}",
    counts: "+${added} ~${changed} -${removed}",
    summary: "${title}（${counts}）",
    actor: "操作人",
    actor_requested: "提交人",
    actor_decided: "审批人",
    at: "时间",
    reason: "原因",
    gray: "灰度范围",
    restored: "恢复到版本",
    no_changes: "没有变更",
    more_rows: "… 还有 ${count} 项变更，见完整对比",
    cut: "部分内容过长已截断，完整内容见完整对比",
    details: "查看完整对比",
    details_set: "查看变更",
  },
  en: {
    title_diff: "Config diff: ${table}",
    title_released: "Config released: ${table}",
    title_gray: "Config gray release: ${table}",
    title_promoted: "Config released to everyone: ${table}",
    title_emergency: "Config emergency release: ${table}",
    title_rolled_back: "Config rolled back: ${table}",
    title_aborted: "Gray release aborted: ${table}",
    title_requested: "Config change sent for approval: ${table}",
    title_approved: "Config change approved: ${table}",
    title_scheduled: "Config change approved, release scheduled: ${table}",
    title_released_set: "Config change released: ${table}",
    title_rejected: "Config change rejected: ${table}",
    title_withdrawn: "Config change withdrawn: ${table}",
    title_failed: "Config change failed to release: ${table}",
    table_named: "${name} (${table})",
    release: "Release #${release}",
    versions: "Version ${from} → ${to}",
    version: "Version ${to}",
    counts: "+${added} ~${changed} -${removed}",
    summary: "${title} (${counts})",
    actor: "By",
    actor_requested: "Author",
    actor_decided: "Decided by",
    at: "Time",
    reason: "Reason",
    gray: "Gray target",
    restored: "Restored version",
    no_changes: "No changes",
    more_rows: "… and ${count} more changes in the full diff",
    cut: "Long values are cut; the full diff has them whole",
    details: "View full diff",
    details_set: "View change",
  },
};

const TONE: Record<ConfigDiffState, Tone> = {
  diff: "info", released: "success", gray: "warning", promoted: "success", emergency: "danger", rolled_back: "warning", aborted: "warning",
  requested: "info", approved: "success", scheduled: "info", released_set: "success", rejected: "danger", withdrawn: "neutral", failed: "danger",
};
const SET_STATES: ConfigDiffState[] = ["requested", "approved", "scheduled", "released_set", "rejected", "withdrawn", "failed"];

const cut = (s: string | null, max: number): string | null => {
  if (s === null) return null;
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : s;
};

/**
 * A diff as a card shows it: the first `shown` rows as `record · field` with values cut at `max`, how many rows
 * are left out, and whether any value was cut (then the card points to the full diff). Shared with the approval card.
 */
export function diffRowsShown(rows: ConfigFieldChange[], opts: { total?: number; shown?: number; max?: number } = {}) {
  const shown = opts.shown ?? DIFF_ROWS_SHOWN;
  const max = opts.max ?? DIFF_VALUE_SHOWN;
  const head = rows.slice(0, shown);
  const out: DiffRow[] = head.map((r) => ({ key: r.field ? `${r.record} · ${r.field}` : r.record, before: cut(r.before, max), after: cut(r.after, max) }));
  // a value the sender cut already (the approval form keeps 200 characters) ends in "…" too
  const wasCut = out.some((r) => [r.before, r.after].some((v) => v?.endsWith("…")));
  return { rows: out, more: Math.max(opts.total ?? rows.length, rows.length) - head.length, cut: wasCut };
}

/** The diff block and its notes ("… and N more", "long values are cut"); `tr` knows `more_rows` and `cut`. */
export function diffBlocks(rows: ConfigFieldChange[], tr: Translate, opts: { total?: number } = {}): { blocks: Block[]; partial: boolean } {
  const view = diffRowsShown(rows, opts);
  const notes = [view.more > 0 ? tr("more_rows", { count: view.more }) : "", view.cut ? tr("cut") : ""].filter(Boolean);
  const blocks: Block[] = [{ type: "diff", rows: view.rows }];
  if (notes.length) blocks.push({ type: "context", text: notes.join(" · ") });
  return { blocks, partial: notes.length > 0 };
}

/** Records added / changed / removed, counted from field rows when the sender gave no counts. */
function countsOf(data: ConfigDiffData) {
  if (data.counts) return data.counts;
  const by = new Map<string, "added" | "changed" | "removed">();
  for (const r of data.rows) by.set(r.record, r.before === null ? "added" : r.after === null ? "removed" : "changed");
  const counts = { added: 0, changed: 0, removed: 0 };
  for (const kind of by.values()) counts[kind]++;
  return counts;
}

function facts(data: ConfigDiffData, tr: Translate): Field[] {
  const tz = data.timeZone;
  const actorLabel = data.state === "requested" ? "actor_requested" : ["approved", "scheduled", "rejected"].includes(data.state) ? "actor_decided" : "actor";
  const fields: Field[] = [];
  if (data.actor) fields.push({ label: tr(actorLabel), value: data.actor });
  if (data.at) fields.push({ label: tr("at"), value: formatTime(data.at, tz) });
  if (data.restoredVersion !== undefined && data.restoredVersion !== null) fields.push({ label: tr("restored"), value: String(data.restoredVersion) });
  if (data.gray) fields.push({ label: tr("gray"), value: data.gray });
  if (data.reason) fields.push({ label: tr("reason"), value: data.reason });
  return fields;
}

export function configDiffCard(data: ConfigDiffData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(configDiffText, locale);
  const table = data.tableName && data.tableName !== data.table ? tr("table_named", { name: data.tableName, table: data.table }) : data.table;
  const title = tr(`title_${data.state}`, { table });
  // a notice that carries neither counts nor rows says nothing about them rather than "+0 ~0 -0"
  const counts = data.counts || data.rows.length ? tr("counts", countsOf(data)) : "";
  const from = data.fromVersion ?? null;
  const to = data.toVersion ?? null;
  const version = to === null ? "" : from === null ? tr("version", { to }) : tr("versions", { from, to });
  const subtitle = [data.release ? tr("release", { release: data.release }) : "", version, counts].filter(Boolean).join(" · ");

  const blocks: Block[] = [];
  const fields = facts(data, tr);
  if (fields.length) blocks.push({ type: "fields", fields });
  if (data.note) blocks.push({ type: "context", text: data.note });
  if (data.rows.length) blocks.push(...diffBlocks(data.rows, tr, data.totalRows !== undefined ? { total: data.totalRows } : {}).blocks);
  else if (!data.note) blocks.push({ type: "context", text: tr("no_changes") });
  blocks.push({ type: "actions", buttons: [linkButton(tr(SET_STATES.includes(data.state) ? "details_set" : "details"), data.link)] });

  return {
    locale,
    header: { title, subtitle, tone: TONE[data.state] },
    blocks,
    summary: counts ? tr("summary", { title, counts }) : title,
    link: data.link,
  };
}
