import type { Db } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import { busOver } from "./fan-out.ts";
import type { Bus } from "./ports.ts";

/** One process (SQLite, or tests): subscribers of this process only, called synchronously at publish (after commit). */
export function createLocalBus(opts: { db?: Db; logger?: Logger } = {}): Bus {
  return busOver("local", opts);
}
