import { systemActor, type Actor } from "@ops/shared";
import type { ConfigChange, ConfigTable } from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { DEFAULT_SECURITY, dropLegacySecurity, loadLegacySecurity, type SecuritySettings } from "../../iam/index.ts";
import type { ConfigDeps } from "../config.deps.ts";
import { loadTable, openSecrets, tableColumns, type ConfigDataLayer, type ConfigWriteGate } from "../data/index.ts";
import { RECORD_PATHS } from "../validation/index.ts";
import { readImCredentials, usableCredentials, type ImCredentials, type ImPlatform } from "./im-credentials.ts";
import { SECURITY_RECORD, SECURITY_TABLE, SMTP_RECORD, SMTP_TABLE, SYSTEM_TABLES, type SystemTableDef } from "./system-tables.ts";

export type SmtpSettings = { host: string; port: number; secure: boolean; user: string | null; password: string | null; from: string };

const SYSTEM = systemActor("config-system");

/**
 * The built-in system tables (SMTP, IM credentials, security policy): created or brought up to date at every
 * start, the security record seeded (from the legacy settings row once), and what the rest of the system reads
 * and writes of them: the policy writer IAM uses, the SMTP settings the mail channel uses.
 */
export function createSystemSettings(deps: Pick<ConfigDeps, "db" | "clock" | "secrets" | "logger">, layer: ConfigDataLayer, gate: () => ConfigWriteGate | undefined) {
  const { db, clock, secrets } = deps;

  /** Inserts the table when missing; a changed definition (a newer release of OPS) replaces its metadata, records stay. */
  async function ensureTable(def: SystemTableDef): Promise<void> {
    const row = await db.get<{ id: string; system: number | string | boolean; fields: string; display_name: string; description: string; key_field: string }>(
      "SELECT id, system, fields, display_name, description, key_field FROM config_tables WHERE name = ?", [def.name],
    );
    const columns = tableColumns({
      ...def, read_roles: [], write_roles: [], needs_approval: false, approval_definition: "config-release",
      owner_department_id: null, keep_history_days: null, subscribers: [], system: true,
    });
    const ts = iso(clock.now());
    if (!row) {
      const values = { id: newId(), ...columns, version: 0, release: null, created_by: "system", created_at: ts, updated_at: ts, deleted_at: null };
      const names = Object.keys(values);
      // two processes starting together: the first insert wins, the other's does nothing
      await db.run(
        `INSERT INTO config_tables (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")}) ON CONFLICT (name) DO NOTHING`,
        Object.values(values) as unknown[],
      );
      return;
    }
    if (!(row.system === true || Number(row.system) === 1)) {
      deps.logger?.warn("a user table holds a system table's name; the system table is not created", { table: def.name });
      return;
    }
    if (row.fields !== columns.fields || row.display_name !== def.display_name || row.description !== def.description || row.key_field !== def.key_field) {
      await db.run("UPDATE config_tables SET fields = ?, display_name = ?, description = ?, key_field = ?, updated_at = ? WHERE id = ?",
        [columns.fields, def.display_name, def.description, def.key_field, ts, row.id]);
    }
  }

  async function systemTable(name: string): Promise<ConfigTable> {
    const table = await loadTable(db, name);
    if (!table?.system) throw new Error(`system table ${name} is missing`);
    return table;
  }

  /** Applies as one version and releases it (system tables never need approval); the start's seed is not released (no audit row, no notice at every fresh start). */
  async function apply(table: ConfigTable, changes: ConfigChange[], actor: Actor, reason: string, kind: "create" | "update", release = true): Promise<void> {
    const applied = await layer.applyWith(table, changes, { actor, reason, kind }, RECORD_PATHS);
    if (!applied.diff.length || !release) return;
    try {
      await gate()?.applied(table, { ...applied, kind, actor, reason });
    } catch (e) {
      deps.logger?.error("config release of a system table failed", { err: e, table: table.name, version: applied.version });
    }
  }

  /** The policy record: seeded once from the legacy settings row (then removed) or the defaults. */
  async function ensureSecurityRecord(): Promise<void> {
    const table = await systemTable(SECURITY_TABLE);
    if (await db.get("SELECT id FROM config_records WHERE table_id = ? AND record_key = ?", [table.id, SECURITY_RECORD])) return;
    const policy = (await loadLegacySecurity(db)) ?? DEFAULT_SECURITY;
    try {
      await db.tx(async () => {
        await apply(table, [{ op: "create", values: { name: SECURITY_RECORD, ...policy } }], SYSTEM, "内置安全策略 / built-in security policy", "create", false);
        await dropLegacySecurity(db);
      });
    } catch (e) {
      // another process seeded it first
      if (!(await db.get("SELECT id FROM config_records WHERE table_id = ? AND record_key = ?", [table.id, SECURITY_RECORD]))) throw e;
    }
  }

  return {
    /** Every start: the tables exist with the current definitions and the policy record exists. */
    async init(): Promise<void> {
      for (const def of SYSTEM_TABLES) await ensureTable(def);
      await ensureSecurityRecord();
    },
    /** IAM's writer (PUT /settings/security, test kits): the whole policy as a new version of the record. */
    async writeSecurity(value: SecuritySettings, actor: Actor | null): Promise<void> {
      const table = await systemTable(SECURITY_TABLE);
      await apply(table, [{ op: "update", key: SECURITY_RECORD, values: { ...value } }], actor ?? SYSTEM, "安全设置 / security settings", "update");
    },
    /** The enabled IM credential records, secrets opened: for the bot alone (GET /config/system-im/bot-credentials). */
    imCredentials(): Promise<ImCredentials[]> {
      return readImCredentials(db, secrets);
    },
    /** The platforms whose stored credentials are complete enough to run (the workbench's chat platforms besides env's). */
    async imPlatforms(): Promise<ImPlatform[]> {
      return (await readImCredentials(db, secrets)).filter(usableCredentials).map((c) => c.platform);
    },
    /** The SMTP settings with the password opened, or null when unset or switched off (the mail channel reads it per message). */
    async smtp(): Promise<SmtpSettings | null> {
      const table = await loadTable(db, SMTP_TABLE);
      if (!table?.system) return null;
      const row = await db.get<{ record_values: string }>("SELECT record_values FROM config_records WHERE table_id = ? AND record_key = ?", [table.id, SMTP_RECORD]);
      if (!row) return null;
      const v = await openSecrets(table, JSON.parse(row.record_values) as Record<string, unknown>, secrets);
      if (v.enabled === false || typeof v.host !== "string" || !v.host) return null;
      return {
        host: v.host, port: Number(v.port ?? 587), secure: v.secure === true,
        user: typeof v.user === "string" && v.user ? v.user : null, password: typeof v.password === "string" ? v.password : null,
        from: typeof v.from === "string" && v.from ? v.from : "OPS <noreply@localhost>",
      };
    },
  };
}

export type SystemSettings = ReturnType<typeof createSystemSettings>;
