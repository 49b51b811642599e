import type { Page, UserActor } from "@ops/shared";
import type { ConfigDiffEntry, ConfigVersion } from "@ops/shared/contracts/config.ts";
import { noteAudit } from "../../../platform/context.ts";
import { Where, paginate } from "../../../platform/db/query.ts";
import { requireRead } from "../config.access.ts";
import type { ConfigDeps } from "../config.deps.ts";
import { reasonRequired, versionNotFound } from "../config.errors.ts";
import { loadTable, type ConfigDataLayer, type ConfigWriteGate } from "../data/index.ts";

type VersionRow = {
  version: number | string; kind: string; reason: string; operator_id: string; operator_name: string | null; created_at: string;
  added: number | string; changed: number | string; removed: number | string; change_set_id: string | null; restored_version: number | string | null;
};

const toVersion = (r: VersionRow): ConfigVersion => ({
  version: Number(r.version), kind: r.kind as ConfigVersion["kind"], reason: r.reason, operator_id: r.operator_id,
  operator_name: r.operator_name ?? undefined, created_at: r.created_at,
  summary: { added: Number(r.added), changed: Number(r.changed), removed: Number(r.removed) },
  change_set_id: r.change_set_id, restored_version: r.restored_version === null ? null : Number(r.restored_version),
});

const SELECT = "v.*, u.display_name AS operator_name";
const FROM = "config_versions v LEFT JOIN users u ON u.id = v.operator_id";

/** A table's history: versions newest first, one version with its diff, any two compared, rollback as a new version. */
export function createVersions(deps: Pick<ConfigDeps, "db" | "logger">, layer: ConfigDataLayer, gate: () => ConfigWriteGate | undefined) {
  const { db } = deps;
  const table = async (actor: UserActor, name: string) => requireRead(db, actor, await loadTable(db, name), name);

  async function list(actor: UserActor, name: string, q: { page: number; page_size: number; sort?: string }): Promise<Page<ConfigVersion>> {
    const tb = await table(actor, name);
    return paginate<VersionRow, ConfigVersion>(db, {
      select: SELECT, from: FROM, where: new Where().add("v.table_id = ?", tb.id), query: q,
      sortable: { version: "v.version", created_at: "v.created_at" }, defaultSort: "v.version DESC", map: toVersion,
    });
  }

  async function get(actor: UserActor, name: string, version: number): Promise<ConfigVersion & { diff: ConfigDiffEntry[] }> {
    const tb = await table(actor, name);
    const row = await db.get<VersionRow>(`SELECT ${SELECT} FROM ${FROM} WHERE v.table_id = ? AND v.version = ?`, [tb.id, version]);
    if (!row) throw versionNotFound(version);
    return { ...toVersion(row), diff: await layer.data.diff(tb, version - 1, version) };
  }

  async function diff(actor: UserActor, name: string, from: number, to: number): Promise<{ from: number; to: number; diff: ConfigDiffEntry[] }> {
    const tb = await table(actor, name);
    return { from, to, diff: await layer.data.diff(tb, from, to) };
  }

  /** Restores version v's state as a new version (kind rollback) and releases it through the gate. */
  async function rollback(actor: UserActor, name: string, version: number, reasonText: string | undefined) {
    const reason = reasonText?.trim();
    if (!reason) throw reasonRequired();
    const tb = await table(actor, name);
    const applied = await layer.data.restore(tb, version, { actor, reason, kind: "rollback", restored_version: version });
    const g = gate();
    if (applied.diff.length && g) {
      try {
        await g.applied(tb, { ...applied, kind: "rollback", actor, reason });
      } catch (e) {
        deps.logger?.error("config release after a rollback failed", { err: e, table: tb.name, version: applied.version });
      }
    }
    noteAudit({ resourceType: "config_table", resourceId: name, before: { version: tb.version }, after: { version: applied.version, restored_version: version, reason } });
    return { version: applied.version, restored_version: version, diff: applied.diff };
  }

  return { list, get, diff, rollback };
}
