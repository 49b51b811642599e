import type { WebCard } from "@ops/cards";
import type { Locale } from "@ops/shared";

/**
 * The web chat console's engine. The bot core implements it (the API never imports the bot,
 * DESIGN.md §3.5); the composition root attaches it to the slot, and until then the console
 * routes answer 503.
 */
export type ConsoleCaller = {
  /** the caller's own Authorization header: the console acts with exactly the caller's rights */
  authorization: string;
  userId: string;
  locale: Locale;
};

export type ConsoleAction = { action: string; value: Record<string, string | number | boolean | null>; inputs: Record<string, string> };

/** Cards as the web renderer's JSON. */
export type ConsoleCard = WebCard;

export interface ChatConsole {
  command(caller: ConsoleCaller, text: string): Promise<{ cards: ConsoleCard[] }>;
  action(caller: ConsoleCaller, action: ConsoleAction): Promise<{ update: ConsoleCard | null; cards: ConsoleCard[] }>;
}

export type ChatConsoleSlot = { current: ChatConsole | null };
