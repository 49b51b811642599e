import { notFound, parseCommand } from "@ops/shared";
import type { HelpPage } from "./help.deps.ts";

/**
 * What `help <command>` in chat shows: the command's page title, summary, a few examples and links.
 * Examples are the lines of the page's first fenced code block, so an edited page changes the card too.
 * Links are absolute when a public origin is known (OPS_PUBLIC_URL, else where the chat callback came
 * in, as for bind links); the app path always comes along for the web console.
 */
export type CommandHelp = {
  command: string; slug: string; locale: string; title: string; summary: string; examples: string[];
  path: string; url: string | null; center_path: string; center_url: string | null;
};

const MAX_EXAMPLES = 3;

/** `flow.run` → `flow`, `运行` → `run`: the first word a page lists under `commands`. */
export function commandWord(word: string): string {
  const first = word.trim().toLowerCase().split(/[.\s]/)[0] ?? "";
  // The chat grammar maps aliases for `help <word>` already: ask it rather than keep a second list.
  const parsed = parseCommand(`help ${first}`);
  return parsed.ok && parsed.command.kind === "help" ? (parsed.command.topic ?? first) : first;
}

export function examplesOf(body: string): string[] {
  const m = /```[^\n]*\n([\s\S]*?)```/.exec(body);
  if (!m) return [];
  return m[1]!.split("\n").map((l) => l.trim()).filter(Boolean).slice(0, MAX_EXAMPLES);
}

export function commandCard(pages: HelpPage[], word: string, links: { publicUrl: string | null; origin: string | null }): CommandHelp {
  const command = commandWord(word);
  const page = command ? pages.find((p) => p.commands.includes(command)) : undefined;
  if (!page) throw notFound("help.command_not_found", { command: word });
  const base = links.publicUrl?.replace(/\/+$/, "") ?? links.origin;
  const path = `/help/${page.slug}`;
  return {
    command, slug: page.slug, locale: page.locale, title: page.title, summary: page.summary, examples: examplesOf(page.body),
    path, url: base ? `${base}${path}` : null, center_path: "/help", center_url: base ? `${base}/help` : null,
  };
}
