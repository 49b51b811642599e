import { JOB_PLACEHOLDERS } from "@ops/shared/contracts/jobs.ts";

/**
 * Placeholders in a job's params and config strings: `{today}`, `{yesterday}`, `{bizDate}`,
 * `{bizDate-7d}` (day offsets on the three dates), `{runTime:yyyyMMddHHmm}` (a format on any
 * date), `{jobId}`, `{runId}`, `{shardIndex}`, `{shardTotal}`. A `{` right after `$` is left
 * alone (shell `${HOME}`). Dates are calendar days in the job's timezone; `bizDate` is the day
 * before the run (the data day a daily batch processes) unless the run's params set `bizDate`
 * (backfill does).
 */
const PATTERN = /(?<!\$)\{([A-Za-z][A-Za-z0-9_]*)([+-]\d{1,4}d)?(?::([yMdHms_\-/.: ]{1,40}))?\}/g;
const KNOWN = new Set<string>(JOB_PLACEHOLDERS);
const DATES = new Set(["today", "yesterday", "bizDate", "runTime"]);

export type PlaceholderValues = {
  runTime: Date;
  timezone: string;
  jobId: string;
  runId: string;
  /** yyyy-MM-dd; default: the day before runTime in the timezone */
  bizDate?: string;
  shardIndex?: number;
  shardTotal?: number;
};

/**
 * Flow references: `{nodes.<key>.output.count}` (also `.status`, `.exit_code`, `.http_status`) and
 * `{params.<name>}`, resolved by the flow engine when it queues a step. Known only inside a flow
 * (`flow` names its nodes upstream of the step and its declared params); elsewhere unknown.
 */
export const FLOW_REF_PATTERN = /(?<!\$)\{(nodes|params)\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\}/g;
export const NODE_FIELDS = ["output", "status", "exit_code", "http_status"] as const;
export type FlowRefScope = { nodes: ReadonlySet<string>; params: ReadonlySet<string> };

/** Placeholders in `text` that are not known, or known with a modifier they do not take. */
export function unknownPlaceholders(text: string, flow?: FlowRefScope): string[] {
  const bad: string[] = [];
  for (const [whole, root, path] of text.matchAll(FLOW_REF_PATTERN)) {
    const [first, field, ...rest] = path!.split(".");
    const known = root === "params"
      ? flow?.params.has(first!) && field === undefined
      : flow?.nodes.has(first!) && (NODE_FIELDS as readonly string[]).includes(field ?? "") && (field === "output" || rest.length === 0);
    if (!known) bad.push(whole);
  }
  for (const m of text.matchAll(PATTERN)) {
    const [whole, name, offset, format] = m;
    if (!KNOWN.has(name!)) bad.push(whole);
    else if ((offset && (name === "runTime" || !DATES.has(name!))) || (format && !DATES.has(name!))) bad.push(whole);
  }
  return bad;
}

/** Every string in a JSON-like value with the path it sits at (`config.headers.X-Trace`). */
export function* stringsIn(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, `${path}.${i}`);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) yield* stringsIn(v, `${path}.${k}`);
}

/** The calendar day (and time) of an instant in a timezone. */
function partsIn(d: Date, timezone: string) {
  const f = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: p.year!, M: p.month!, d: p.day!, H: p.hour!, m: p.minute!, s: p.second! };
}

type Parts = ReturnType<typeof partsIn>;

function shiftDay(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function dayParts(day: string): Parts {
  const [y, M, d] = day.split("-");
  return { y: y!, M: M!, d: d!, H: "00", m: "00", s: "00" };
}

function format(p: Parts, pattern: string): string {
  return pattern.replace(/yyyy|MM|dd|HH|mm|ss/g, (tok) => ({ yyyy: p.y, MM: p.M, dd: p.d, HH: p.H, mm: p.m, ss: p.s })[tok]!);
}

/** Replaces the placeholders in one string; unknown ones stay as written (validation refused them on save). */
export function resolvePlaceholders(text: string, v: PlaceholderValues): string {
  const now = partsIn(v.runTime, v.timezone);
  const today = `${now.y}-${now.M}-${now.d}`;
  const biz = v.bizDate ?? shiftDay(today, -1);
  return text.replace(PATTERN, (whole, name: string, offset: string | undefined, fmt: string | undefined) => {
    const days = offset ? Number(offset.slice(0, -1)) : 0;
    switch (name) {
      case "today": return format(dayParts(shiftDay(today, days)), fmt ?? "yyyy-MM-dd");
      case "yesterday": return format(dayParts(shiftDay(today, days - 1)), fmt ?? "yyyy-MM-dd");
      case "bizDate": return format(dayParts(shiftDay(biz, days)), fmt ?? "yyyy-MM-dd");
      case "runTime": return format(now, fmt ?? "yyyyMMddHHmmss");
      case "jobId": return v.jobId;
      case "runId": return v.runId;
      case "shardIndex": return String(v.shardIndex ?? 0);
      case "shardTotal": return String(v.shardTotal ?? 1);
      default: return whole;
    }
  });
}

/** A JSON-like value with every string resolved. */
export function resolveDeep<T>(value: T, v: PlaceholderValues): T {
  if (typeof value === "string") return resolvePlaceholders(value, v) as T;
  if (Array.isArray(value)) return value.map((x) => resolveDeep(x, v)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, resolveDeep(x, v)])) as T;
  return value;
}
