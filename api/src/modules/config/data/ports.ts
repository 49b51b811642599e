import type { Actor } from "@ops/shared";
import type {
  ConfigChange, ConfigChangeSet, ConfigDiffEntry, ConfigTable, ConfigVersionKind, GraySpec,
} from "@ops/shared/contracts/config.ts";

/** A field-level error: `message` is already in the caller's language when it leaves check(). */
export type FieldError = { field: string; message: string };

export type ApplyMeta = {
  actor: Actor;
  reason: string;
  kind: ConfigVersionKind;
  change_set_id?: string | null;
  restored_version?: number | null;
};

/** What release/ and consumers/ need of the data layer. */
export interface ConfigData {
  /** live table by name (null: none or deleted) */
  getTable(name: string): Promise<ConfigTable | null>;
  /** validates changes against the fields and the current records without writing; fields named `changes[i].values.<key>` */
  check(table: ConfigTable, changes: ConfigChange[], actor: Actor): Promise<FieldError[]>;
  /** applies the changes in ONE transaction as ONE new version; refuses (AppError 422 config.invalid, fields) with nothing written */
  apply(table: ConfigTable, changes: ConfigChange[], meta: ApplyMeta): Promise<{ version: number; diff: ConfigDiffEntry[] }>;
  /** the live records at a version; secrets decrypted only when reveal is true (consumers, system use) else "••••••" */
  stateAt(table: ConfigTable, version: number, opts?: { reveal?: boolean }): Promise<Array<{ key: string; values: Record<string, unknown> }>>;
  /** field-by-field difference between two versions (secrets masked) */
  diff(table: ConfigTable, from: number, to: number): Promise<ConfigDiffEntry[]>;
  /** what `changes` would do to the newest state (a change set's diff for the approver), secrets masked */
  preview(table: ConfigTable, changes: ConfigChange[]): Promise<ConfigDiffEntry[]>;
  /** restores version v's state as a new version (kind "rollback" or "abort") */
  restore(table: ConfigTable, version: number, meta: ApplyMeta): Promise<{ version: number; diff: ConfigDiffEntry[] }>;
}

/** What the data layer asks of release/ (absent until it lands: every write applies directly). */
export interface ConfigWriteGate {
  /** a write to a needs_approval table: makes a change set and submits it for approval; nothing is applied */
  propose(
    table: ConfigTable,
    changes: ConfigChange[],
    meta: { actor: Actor; reason: string; release_at?: string | null; gray?: GraySpec | null },
  ): Promise<ConfigChangeSet>;
  /** after a direct write to a table without approval, or a rollback, was applied: release it in full and tell subscribers */
  applied(
    table: ConfigTable,
    result: { version: number; diff: ConfigDiffEntry[]; kind: ConfigVersionKind; actor: Actor; reason: string },
  ): Promise<void>;
  /**
   * History pruning asks which versions a release carries (never pruned). Optional: without it only the newest
   * version is kept beyond keep_history_days.
   */
  releasedVersions?(table: ConfigTable): Promise<number[]>;
  /**
   * Table save: the approval definition a table names must exist, be published and publish the change-set form
   * fields (table, change_set_id, reason, changes). Errors at `approval_definition` (message keys). Optional.
   */
  checkDefinition?(key: string): Promise<Array<{ field: string; message: string; params?: Record<string, unknown> }>>;
}
