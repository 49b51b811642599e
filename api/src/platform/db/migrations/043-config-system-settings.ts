import type { Migration } from "../migrate.ts";

/**
 * The security policy moved from `settings` (key 'security') to the config center's built-in table
 * `system-security` (config/system). IAM caches it per process under the 'security' cache version
 * (migration 011); these triggers bump that version when a record of that table changes, in the same
 * transaction and whoever writes (the config records API, PUT /settings/security, a hand-made UPDATE),
 * so every process applies a change on its very next request. Other tables' records bump nothing.
 */
const TABLE = "system-security";
const BUMP = "UPDATE cache_versions SET version = version + 1 WHERE name = 'security'";

export const m043ConfigSystemSettings: Migration = {
  version: 43,
  name: "config-system-settings",
  statements: (dialect) => {
    if (dialect === "sqlite") {
      return (["INSERT", "UPDATE", "DELETE"] as const).map((op) => {
        const row = op === "DELETE" ? "OLD" : "NEW";
        return `CREATE TRIGGER config_records_security_${op.toLowerCase()} AFTER ${op} ON config_records FOR EACH ROW
          WHEN (${row}.table_id IN (SELECT id FROM config_tables WHERE name = '${TABLE}')) BEGIN ${BUMP}; END`;
      });
    }
    // PostgreSQL refuses subqueries in a trigger's WHEN: the function asks instead
    return [
      `CREATE FUNCTION ops_bump_security_from_config() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM config_tables WHERE name = '${TABLE}' AND id = CASE WHEN TG_OP = 'DELETE' THEN OLD.table_id ELSE NEW.table_id END) THEN
    ${BUMP};
  END IF;
  RETURN NULL;
END $$`,
      "CREATE TRIGGER config_records_security AFTER INSERT OR UPDATE OR DELETE ON config_records FOR EACH ROW EXECUTE FUNCTION ops_bump_security_from_config()",
    ];
  },
};
