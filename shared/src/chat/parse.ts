import type { Command, CommandKind, ParseResult, Params } from "./command.ts";
import { SUBVERBS, VERBS } from "./catalog.ts";
import { tokenize } from "./tokenize.ts";

const usage = (kind: CommandKind): ParseResult => ({ ok: false, error: { code: "chat.usage", usage: kind } });
const ok = (command: Command): ParseResult => ({ ok: true, command });

/** Parses one chat message (DESIGN.md §5 grammar, Chinese aliases included). An empty message asks for help. */
export function parseCommand(text: string): ParseResult {
  const words = tokenize(text);
  if (words.length === 0) return ok({ kind: "help" });
  const verb = VERBS[words[0]!.toLowerCase()];
  if (!verb) return { ok: false, error: { code: "chat.unknown_command", word: words[0] } };
  const rest = words.slice(1);
  switch (verb) {
    case "help":
      return ok({ kind: "help", topic: rest[0] ? (VERBS[rest[0].toLowerCase()] ?? rest[0]) : undefined });
    case "whoami":
    case "bind":
    case "approvals":
    case "alerts":
      return ok({ kind: verb });
    case "run":
      return named(verb, rest);
    case "report":
      // no name: the list of reports the caller may view
      return rest.length ? named(verb, rest) : ok({ kind: "report", params: {} });
    case "metric": {
      const query = rest.join(" ").trim();
      return query ? ok({ kind: "metric", query }) : usage("metric");
    }
    case "runs":
      return ok(rest[0] ? { kind: "runs", job: rest[0] } : { kind: "runs" });
    case "pause":
    case "resume":
      return rest[0] ? ok({ kind: verb, job: rest[0] }) : usage(verb);
    case "approve":
    case "reject":
      return decision(verb, rest);
    case "flow":
      return SUBVERBS[rest[0]?.toLowerCase() ?? ""] === "run" ? named("flow.run", rest.slice(1)) : usage("flow.run");
    case "backfill":
      return backfill(rest);
    case "config":
      return config(rest);
    default:
      return ticket(rest);
  }
}

/** `<name> [k=v …]` for run, report and flow run. */
function named(kind: "run" | "report" | "flow.run", rest: string[]): ParseResult {
  const name = rest[0];
  const params = keyValues(rest.slice(1));
  if (!name || isKeyValue(name) || !params) return usage(kind);
  if (kind === "run") return ok({ kind, job: name, params });
  if (kind === "report") return ok({ kind, name, params });
  return ok({ kind, flow: name, params });
}

function decision(kind: "approve" | "reject", rest: string[]): ParseResult {
  if (!rest[0]) return usage(kind);
  const comment = rest.slice(1).join(" ").trim();
  return ok(comment ? { kind, id: rest[0], comment } : { kind, id: rest[0] });
}

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `backfill <job> <from>..<to>` (also `<from> .. <to>`, `<from> <to>` or `<from>~<to>`). */
function backfill(rest: string[]): ParseResult {
  const [job, ...range] = rest;
  if (!job) return usage("backfill");
  const bounds = range.join(" ").split(/\s*(?:\.\.|~|～|至)\s*|\s+/).filter(Boolean);
  if (bounds.length !== 2) return usage("backfill");
  const [from, to] = bounds as [string, string];
  if (!DATE.test(from) || !DATE.test(to) || Date.parse(from) > Date.parse(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    return { ok: false, error: { code: "chat.invalid_range", usage: "backfill" } };
  }
  return ok({ kind: "backfill", job, from, to });
}

/** `config get <table> [key]`; `config diff <table> [<from>..<to>]` (also `<from> <to>`, `<from>~<to>`: version numbers). */
function config(rest: string[]): ParseResult {
  const sub = SUBVERBS[rest[0]?.toLowerCase() ?? ""];
  if (sub !== "get" && sub !== "diff") return usage("config.get");
  const [table, ...args] = rest.slice(1);
  if (sub === "get") return table && args.length <= 1 ? ok(args[0] ? { kind: "config.get", table, key: args[0] } : { kind: "config.get", table }) : usage("config.get");
  if (!table) return usage("config.diff");
  if (!args.length) return ok({ kind: "config.diff", table });
  const bounds = args.join(" ").split(/\s*(?:\.\.|~|～|至)\s*|\s+/).filter(Boolean);
  if (bounds.length !== 2 || !bounds.every((b) => /^v?\d{1,9}$/i.test(b))) return { ok: false, error: { code: "chat.invalid_versions", usage: "config.diff" } };
  const [from, to] = bounds.map((b) => Number(b.replace(/^v/i, ""))) as [number, number];
  return ok({ kind: "config.diff", table, from, to });
}

function ticket(rest: string[]): ParseResult {
  if (SUBVERBS[rest[0]?.toLowerCase() ?? ""] !== "new") return usage("ticket.new");
  const title = rest.slice(1).join(" ").trim();
  return title ? ok({ kind: "ticket.new", title }) : usage("ticket.new");
}

const KV = /^([\w.-]+)[=＝](.*)$/;

function isKeyValue(word: string): boolean {
  return KV.test(word);
}

/** `k=v` words to params; null when a word is not a pair (a usage error). */
function keyValues(words: string[]): Params | null {
  const params: Params = {};
  for (const w of words) {
    const m = KV.exec(w);
    if (!m) return null;
    params[m[1]!] = m[2]!;
  }
  return params;
}
