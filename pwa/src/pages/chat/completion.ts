import { COMMANDS, SUBVERBS, VERBS, type CommandSpec } from "@ops/shared/chat/catalog.ts";

/**
 * Completion for the command line, from the chat grammar (shared/src/chat/catalog.ts): the first word
 * completes to a verb or one of its aliases (Chinese ones included), the second word of `flow`,
 * `config` and `ticket` to its sub-verbs. Later words (job, flow and report names) come from
 * ARGUMENT_SOURCES, empty until those lists reach the app: register a source there to complete them.
 */
export type Suggestion = {
  /** the word offered */
  word: string;
  /** the whole line once it is taken (the rest of the line is kept) */
  text: string;
  /** the command the word belongs to (for its usage hint), when known */
  kind?: CommandSpec["kind"];
};

/** Names for the word at `position` (2 = first argument) of verb `verb` (canonical, e.g. "run"). */
export type ArgumentSource = (verb: string, position: number, prefix: string) => string[];

/** Hook: e.g. `ARGUMENT_SOURCES.push((verb, pos) => verb === "run" && pos === 2 ? jobNames() : [])`. */
export const ARGUMENT_SOURCES: ArgumentSource[] = [];

const MAX_SUGGESTIONS = 8;
/** Verbs with a second word, and the commands that second word makes. */
const TWO_WORD: Record<string, Record<string, CommandSpec["kind"]>> = {
  flow: { run: "flow.run" },
  config: { get: "config.get", diff: "config.diff" },
  ticket: { new: "ticket.new" },
};

function kindsOf(verb: string): CommandSpec["kind"][] {
  return COMMANDS.filter((c) => c.kind === verb || c.kind.startsWith(`${verb}.`)).map((c) => c.kind);
}

/**
 * What to offer for `text` with the caret at its end; `may(kind)` says whether the user may run a
 * command (help lists only those, so does completion). Nothing when the word typed is already whole
 * and the only match, or when the caret is not in a word being typed.
 */
export function suggest(text: string, may: (kind: CommandSpec["kind"]) => boolean): Suggestion[] {
  const lead = /^\s*(\/ops\s+)?/i.exec(text)![0];
  const line = text.slice(lead.length);
  const words = line.split(/\s+/);
  const last = words.at(-1) ?? "";
  const prefix = last.toLowerCase();
  const before = text.slice(0, text.length - last.length);
  let offered: Suggestion[] = [];

  if (words.length === 1) {
    if (!prefix) return [];
    for (const [word, verb] of Object.entries(VERBS)) {
      if (!word.startsWith(prefix)) continue;
      const kinds = kindsOf(verb).filter(may);
      if (kinds.length) offered.push({ word, text: `${before}${word} `, kind: kinds[0] });
    }
  } else if (words.length === 2 && TWO_WORD[VERBS[words[0]!.toLowerCase()] ?? ""]) {
    const subs = TWO_WORD[VERBS[words[0]!.toLowerCase()]!]!;
    for (const [word, sub] of Object.entries(SUBVERBS)) {
      const kind = subs[sub];
      if (kind && may(kind) && word.startsWith(prefix)) offered.push({ word, text: `${before}${word} `, kind });
    }
  } else {
    const verb = VERBS[words[0]!.toLowerCase()];
    if (!verb || !prefix) return [];
    const position = TWO_WORD[verb] ? words.length - 1 : words.length;
    for (const source of ARGUMENT_SOURCES)
      for (const name of source(verb, position, last))
        if (name.toLowerCase().startsWith(prefix)) offered.push({ word: name, text: `${before}${name} ` });
  }
  offered = offered.filter((s, i) => offered.findIndex((o) => o.word === s.word) === i);
  if (offered.length === 1 && offered[0]!.word.toLowerCase() === prefix) return [];
  return offered.slice(0, MAX_SUGGESTIONS);
}
