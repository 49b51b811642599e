export type { Command, CommandKind, ParseResult, Params, UsageError } from "./command.ts";
export { COMMANDS, specOf, type CommandSpec } from "./catalog.ts";
export { parseCommand } from "./parse.ts";
export { tokenize } from "./tokenize.ts";
export { allowed, helpFor, usageMessage, type HelpLine } from "./help.ts";
