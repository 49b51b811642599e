import type { Actor } from "@ops/shared";
import type { ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { ConfigData } from "../index.ts";

/** What consumers/ needs of release/ (its index.ts: resolveFor, onReleased). */
export type ReleaseResolver = {
  /** which release/version a consumer gets now (gray rules applied); null: the table was never released */
  resolveFor(table: ConfigTable, consumer: { name: string; labels: string[] }): Promise<{ release: number; version: number; gray: boolean } | null>;
  /** `listener(table)` after every release, promote, abort */
  onReleased(listener: (table: string) => void): () => void;
};

export type ConsumersOptions = {
  /** most long-polls held at once by this process; beyond: 503 with Retry-After */
  maxWaiters: number;
  /** the cross-process check while long-polls are held */
  pollEveryMs: number;
  /** a consumer's row is rewritten at most this often unless its release changed */
  trackEveryMs: number;
};

export const DEFAULT_CONSUMERS_OPTIONS: ConsumersOptions = { maxWaiters: 10_000, pollEveryMs: 1_000, trackEveryMs: 30_000 };

export type ConsumersDeps = {
  db: Db;
  clock: Clock;
  logger?: Logger;
  data: Pick<ConfigData, "getTable" | "stateAt">;
  releases: ReleaseResolver;
  /** the table's read_roles (users only: tokens are checked against their scopes); a user who may not read it gets 404, as on config's own routes. Default: config.access.ts */
  canRead?(actor: Actor, table: ConfigTable): Promise<boolean>;
  /**
   * A fingerprint per table of everything that changes what resolveFor answers (releases, promotions,
   * aborts), read once per poll for the tables being waited on: other processes' releases wake
   * this process's long-polls even when a NOTIFY was missed. Default: over config_releases.
   */
  fingerprints?(tables: string[]): Promise<Map<string, string>>;
  options?: Partial<ConsumersOptions>;
};

export const CONFIG_VIEW = "config:view";
