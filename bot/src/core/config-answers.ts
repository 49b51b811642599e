/**
 * The config center in chat: `config get <table> [key]` (配置 查看) and `config diff <table> [from..to]`
 * (配置 对比), read through the API as the caller (config:view, the table's read roles and data scopes are the
 * web's), and the config-diff card of the release engineer's notices (released, rolled back, change requested
 * or decided). Values are the API's: secrets arrive as "••••••" and stay so.
 */
import { configDiffCard, errorCard, formatTime, linkButton, type Block, type Card, type ConfigDiffState } from "@ops/cards";
import { t, type Locale } from "@ops/shared";
import {
  configDiffRows, type ConfigDiffEntry, type ConfigDiffRow, type ConfigField, type ConfigRecord, type ConfigRelease, type ConfigTable, type GraySpec,
} from "@ops/shared/contracts/config.ts";
import { ApiCallError, data } from "./api-client.ts";
import type { Answer, AnswerCtx } from "./answer.ts";

const TIME_ZONE = "Asia/Shanghai";
/** records a `config get <table>` lists (newest first) */
const RECORDS_SHOWN = 10;
/** value columns beside the key in that list */
const LIST_FIELDS = 2;
/** characters of one value on a record card (Slack and DingTalk keep 500 per field); the record page has all */
const VALUE_SHOWN = 200;
/** characters of a cell in the records list (Slack and DingTalk cut table cells at 60) */
const CELL_SHOWN = 40;

const configApi = (ctx: AnswerCtx) => ctx.api.as(ctx.caller).api.v1.config.tables[":table"];
class ConfigRefusal extends Error {
  constructor(readonly key: string, readonly status: number, readonly params: Record<string, string>) {
    super(key);
  }
}

/** The table as the caller may read it; an unknown (or unreadable) one is named in the refusal. */
async function readTable(ctx: AnswerCtx, table: string): Promise<ConfigTable> {
  try {
    return await data<ConfigTable>(configApi(ctx).$get({ param: { table } }));
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 404) throw new ConfigRefusal("config.chat.table_not_found", 404, { table });
    throw error;
  }
}

const refusal = (ctx: AnswerCtx, e: ConfigRefusal): Answer => ({ kind: "error", card: errorCard({ code: e.key, status: e.status, params: e.params }, ctx.locale) });

/** Our refusals as error cards; anything else goes to the bot's error sink. */
async function answering(ctx: AnswerCtx, run: () => Promise<Answer>): Promise<Answer> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConfigRefusal) return refusal(ctx, error);
    throw error;
  }
}

const cut = (s: string, max: number) => (Array.from(s).length > max ? `${Array.from(s).slice(0, max - 1).join("")}…` : s);

/** One value in words: switches as 是/否, options by their label, lists joined, JSON as text, empty as "—". */
function shown(field: ConfigField | undefined, value: unknown, locale: Locale): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field?.type === "switch" || typeof value === "boolean") return t(locale, value ? "config.chat.yes" : "config.chat.no");
  const label = (v: unknown) => field?.options?.find((o) => o.value === v)?.label ?? String(v);
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) return value.map(label).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return label(value);
}

const tablePath = (table: string) => `/config/${encodeURIComponent(table)}`;
const displayName = (tbl: ConfigTable, locale: Locale) =>
  tbl.display_name && tbl.display_name !== tbl.name ? (locale === "en" ? `${tbl.display_name} (${tbl.name})` : `${tbl.display_name}（${tbl.name}）`) : tbl.name;

/** `config get <table> [key]`: one record's fields, or the table's newest records. */
export async function configGetAnswer(ctx: AnswerCtx, table: string, key?: string): Promise<Answer> {
  return answering(ctx, async () => {
    const tbl = await readTable(ctx, table);
    return key ? recordAnswer(ctx, tbl, key) : recordsAnswer(ctx, tbl);
  });
}

async function recordAnswer(ctx: AnswerCtx, tbl: ConfigTable, key: string): Promise<Answer> {
  const l = ctx.locale;
  let record: ConfigRecord;
  try {
    record = await data<ConfigRecord>(configApi(ctx).records[":key"].$get({ param: { table: tbl.name, key } }));
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 404) throw new ConfigRefusal("config.chat.record_not_found", 404, { table: tbl.name, key });
    throw error;
  }
  const link = `${tablePath(tbl.name)}/records/${encodeURIComponent(record.key)}`;
  let wasCut = false;
  const fields = tbl.fields.map((f) => {
    const full = shown(f, record.values[f.key], l);
    const value = cut(full, VALUE_SHOWN);
    wasCut ||= value !== full;
    return { label: f.label || f.key, value };
  });
  const title = t(l, "config.chat.record_title", { table: displayName(tbl, l), key: record.key });
  const subtitle = t(l, "config.chat.record_subtitle", { version: record.version, who: record.updated_by_name ?? record.updated_by, at: formatTime(record.updated_at, TIME_ZONE) });
  const blocks: Block[] = [{ type: "fields", fields }];
  if (wasCut) blocks.push({ type: "context", text: t(l, "config.chat.value_cut") });
  blocks.push({ type: "actions", buttons: [linkButton(t(l, "config.chat.open_record"), link)] });
  const card: Card = { locale: l, header: { title, subtitle, tone: "info" }, blocks, summary: title, link };
  return { kind: "config-record", card };
}

async function recordsAnswer(ctx: AnswerCtx, tbl: ConfigTable): Promise<Answer> {
  const l = ctx.locale;
  const page = await data<{ items: ConfigRecord[]; total: number }>(
    configApi(ctx).records.$get({ param: { table: tbl.name }, query: { page: "1", page_size: String(RECORDS_SHOWN), sort: "-updated_at" } }),
  );
  const keyField = tbl.fields.find((f) => f.key === tbl.key_field);
  const others = tbl.fields.filter((f) => f.key !== tbl.key_field && !f.secret && !["richtext", "json", "code", "image"].includes(f.type)).slice(0, LIST_FIELDS);
  const columns = [
    { key: "key", label: keyField?.label || tbl.key_field },
    ...others.map((f) => ({ key: `f_${f.key}`, label: f.label || f.key })),
    { key: "updated", label: t(l, "config.chat.updated") },
  ];
  const rows = page.items.map((r) => ({
    key: cut(r.key, CELL_SHOWN),
    ...Object.fromEntries(others.map((f) => [`f_${f.key}`, cut(shown(f, r.values[f.key], l), CELL_SHOWN)])),
    updated: `${formatTime(r.updated_at, TIME_ZONE)} · ${r.updated_by_name ?? r.updated_by}`,
  }));
  const title = t(l, "config.chat.records_title", { table: displayName(tbl, l) });
  const blocks: Block[] = rows.length ? [{ type: "table", columns, rows }] : [{ type: "context", text: t(l, "config.chat.no_records") }];
  if (page.total > rows.length && rows.length) blocks.push({ type: "context", text: t(l, "config.chat.records_more", { shown: rows.length, total: page.total }) });
  blocks.push({ type: "actions", buttons: [linkButton(t(l, "config.chat.open_table"), tablePath(tbl.name))] });
  const card: Card = {
    locale: l, header: { title, subtitle: t(l, "config.chat.records_subtitle", { total: page.total, version: tbl.version }), tone: "info" },
    blocks, summary: title, link: tablePath(tbl.name),
  };
  return { kind: "config-records", card };
}

/** Records added / changed / removed in a diff. */
function countsOf(diff: ConfigDiffEntry[]) {
  const counts = { added: 0, changed: 0, removed: 0 };
  for (const e of diff) counts[e.op]++;
  return counts;
}

/**
 * Which two versions `config diff <table>` compares without a range: the last full release against the newest
 * version (what is not released yet), or the last two versions when nothing is pending (or nothing was released).
 */
async function defaultRange(ctx: AnswerCtx, tbl: ConfigTable): Promise<{ from: number; to: number }> {
  const to = tbl.version;
  // the full release everyone gets now (a table has one at a time; older ones are superseded)
  const full = await data<{ items: ConfigRelease[] }>(configApi(ctx).releases.$get({ param: { table: tbl.name }, query: { status: "full", page: "1", page_size: "1" } }));
  const released = full.items[0]?.version;
  if (released !== undefined && released < to) return { from: released, to };
  return { from: Math.max(0, to - 1), to };
}

/** `config diff <table> [from..to]`: the config-diff card of two versions, field by field. */
export async function configDiffAnswer(ctx: AnswerCtx, table: string, from?: number, to?: number): Promise<Answer> {
  return answering(ctx, async () => {
    const tbl = await readTable(ctx, table);
    if (tbl.version === 0) throw new ConfigRefusal("config.chat.no_versions", 404, { table: tbl.name });
    const range = from !== undefined && to !== undefined ? { from, to } : await defaultRange(ctx, tbl);
    const answer = await data<ConfigDiffEntry[] | { diff: ConfigDiffEntry[] }>(
      configApi(ctx).versions.diff.$get({ param: { table: tbl.name }, query: { from: String(range.from), to: String(range.to) } }),
    );
    // the route answers {from, to, diff}; a bare list is read too
    const diff = Array.isArray(answer) ? answer : answer.diff;
    const card = configDiffCard({
      table: tbl.name, tableName: tbl.display_name, state: "diff", fromVersion: range.from, toVersion: range.to,
      rows: configDiffRows(diff), counts: countsOf(diff), link: `${tablePath(tbl.name)}/history?from=${range.from}&to=${range.to}`, timeZone: TIME_ZONE,
    }, ctx.locale);
    return { kind: "config-diff", card };
  });
}

// ---- notices (notify → IM card "config-diff"): the data of ConfigNoticeData, read leniently ----

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

const DECIDED: Record<string, ConfigDiffState> = {
  approved: "approved", scheduled: "scheduled", released: "released_set", rejected: "rejected", withdrawn: "withdrawn", failed: "failed",
};

/** The card state a notice is told in, from its notify type and the release's or change set's status. */
function stateOf(d: Record<string, unknown>): ConfigDiffState {
  const type = str(d.type) ?? "";
  const status = str(d.decision) ?? str(d.status) ?? "";
  if (type === "config.change_requested") return "requested";
  if (type === "config.change_decided") return DECIDED[status] ?? "approved";
  if (type === "config.rolled_back") return status === "aborted" ? "aborted" : "rolled_back";
  if (d.kind === "rollback") return "rolled_back";
  if (d.emergency === true) return "emergency";
  if (status === "gray") return "gray";
  return d.promoted === true ? "promoted" : "released";
}

function grayWords(g: unknown): string | undefined {
  if (!g || typeof g !== "object") return undefined;
  const spec = g as GraySpec;
  const words = [spec.percent !== undefined ? `${spec.percent}%` : "", ...(spec.consumers ?? []), ...(spec.labels ?? []).map((x) => `#${x}`)].filter(Boolean);
  return words.length ? words.join(" · ") : undefined;
}

function rowsOf(v: unknown): ConfigDiffRow[] {
  if (!Array.isArray(v)) return [];
  return v.filter((r): r is ConfigDiffRow => !!r && typeof r === "object" && "record" in r).map((r) => ({
    record: String(r.record), field: String(r.field ?? ""), before: r.before === null ? null : String(r.before ?? ""), after: r.after === null ? null : String(r.after ?? ""),
  }));
}

/**
 * A config notice's card. Facts the sender gave (who, why, versions, rows) are shown as fields and a diff; a
 * notice carrying only its title and body shows the body, so an older sender's notice still reads right.
 */
export function configNoticeCard(d: Record<string, unknown>, locale: Locale): Card {
  const state = stateOf(d);
  const table = str(d.table) ?? "";
  const summary = d.summary && typeof d.summary === "object" ? (d.summary as { added: number; changed: number; removed: number }) : undefined;
  const actor = str(d.actor_name);
  const link = str(d.url) ?? (str(d.change_set_id) ? `/config/change-sets/${str(d.change_set_id)}` : `${tablePath(table)}/history`);
  const rows = rowsOf(d.rows);
  const note = !actor || state === "failed" ? str(d.body) : undefined;
  return configDiffCard({
    table, state, rows, link, timeZone: TIME_ZONE,
    ...(str(d.table_name) ? { tableName: str(d.table_name) } : {}),
    ...(num(d.release) !== undefined ? { release: num(d.release) } : {}),
    ...(num(d.from_version) !== undefined ? { fromVersion: num(d.from_version) } : {}),
    ...(num(d.to_version ?? d.version) !== undefined ? { toVersion: num(d.to_version ?? d.version) } : {}),
    ...(num(d.restored_version) !== undefined ? { restoredVersion: num(d.restored_version) } : {}),
    ...(actor ? { actor } : {}),
    ...(str(d.at) ?? str(d.createdAt) ? { at: str(d.at) ?? str(d.createdAt) } : {}),
    ...(str(d.reason) ? { reason: str(d.reason) } : {}),
    ...(grayWords(d.gray) ? { gray: grayWords(d.gray) } : {}),
    ...(note ? { note } : {}),
    ...(summary ? { counts: summary } : {}),
    ...(num(d.rows_total) !== undefined ? { totalRows: num(d.rows_total) } : {}),
  }, locale);
}
