import type { Locale } from "../actor.ts";
import { SUPER_PERMISSION } from "../actor.ts";
import { t } from "../i18n/index.ts";
import { COMMANDS, type CommandSpec } from "./catalog.ts";
import type { CommandKind, UsageError } from "./command.ts";

export type HelpLine = { kind: CommandKind; usage: string; description: string };

/** The commands this caller may use, in their language: help lists only what they can do. */
export function helpFor(permissions: string[], locale: Locale): HelpLine[] {
  return COMMANDS.filter((c) => allowed(c, permissions)).map((c) => ({
    kind: c.kind,
    usage: t(locale, `chat.usage.${c.kind}`),
    description: t(locale, `chat.help.${c.kind}`),
  }));
}

export function allowed(spec: CommandSpec, permissions: string[]): boolean {
  return spec.permission === null || permissions.includes(SUPER_PERMISSION) || permissions.includes(spec.permission);
}

/** A usage error as one message: what was wrong and how to write it. */
export function usageMessage(error: UsageError, locale: Locale): string {
  const head = t(locale, error.code, { word: error.word ?? "" });
  return error.usage ? `${head}\n${t(locale, "chat.usage_line", { usage: t(locale, `chat.usage.${error.usage}`) })}` : head;
}
