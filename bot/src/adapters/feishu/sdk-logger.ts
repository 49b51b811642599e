/** The Lark SDK's variadic logger, forwarded to the bot's structured logger. */
import type { Logger } from "@larksuiteoapi/node-sdk";
import type { BotLogger } from "../../core/port.ts";

function line(args: unknown[]): string {
  return args
    .flat()
    .map((a) => (typeof a === "string" ? a : a instanceof Error ? a.message : JSON.stringify(a)))
    .join(" ");
}

export function sdkLogger(logger: BotLogger): Logger {
  return {
    error: (...args: unknown[]) => logger.error(`lark: ${line(args)}`),
    warn: (...args: unknown[]) => logger.warn(`lark: ${line(args)}`),
    // The SDK is chatty at info (banners on every construction): keep that out of the info stream.
    info: (...args: unknown[]) => logger.debug(`lark: ${line(args)}`),
    debug: (...args: unknown[]) => logger.debug(`lark: ${line(args)}`),
    trace: (...args: unknown[]) => logger.debug(`lark: ${line(args)}`),
  };
}
