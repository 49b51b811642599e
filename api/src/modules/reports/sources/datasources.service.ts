import { AppError, hasPermission, type Actor } from "@ops/shared";
import type { Datasource, DatasourceHealth, SourceTable } from "@ops/shared/contracts/reports.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import type { ReportsDeps } from "../reports.deps.ts";
import { REPORTS_DATASOURCE, REPORTS_MANAGE } from "../reports.deps.ts";
import { datasourceNotFound, invalid, nameTaken } from "../reports.errors.ts";
import { checkUrl, maskUrl, MASK, unmaskUrl } from "./datasource-url.ts";
import { datasourceRows, toDatasource, type DatasourceRow } from "./datasources.sql.ts";
import type { DatasourceBody, TestBody } from "./datasources.schema.ts";
import { driverFor, type SourceRegistryImpl } from "./registry.ts";
import { datasourceInUse } from "./sources.errors.ts";

type ListQuery = { page: number; page_size: number; sort?: string; type?: string; q?: string };
/** Another part (datasets/) counts what still uses a datasource; delete is refused while any does. */
export type InUseCheck = (datasourceId: string) => Promise<number>;

const auditShape = (d: Datasource) => ({ name: d.name, type: d.type, url: d.url, options: d.options });

export function createDatasources(deps: Pick<ReportsDeps, "db" | "secrets" | "clock">, registry: SourceRegistryImpl) {
  const rows = datasourceRows(deps.db);
  const inUseChecks: InUseCheck[] = [rows.datasetsUsing];
  const removeHooks: Array<(datasource: Datasource) => Promise<void>> = [];
  const now = () => deps.clock.now().toISOString();

  /** The wire shape for this reader: only datasource managers and report designers see the (masked) URL. */
  const shown = async (actor: Actor, row: DatasourceRow): Promise<Datasource> => {
    const full = hasPermission(actor, REPORTS_DATASOURCE) || hasPermission(actor, REPORTS_MANAGE);
    return toDatasource(row, full ? maskUrl(await registry.clearUrl(row)) : null);
  };
  const load = async (id: string) => {
    const row = await rows.byId(id);
    if (!row) throw datasourceNotFound(id);
    return row;
  };
  const checkName = async (name: string, id?: string) => {
    const other = await rows.byName(name);
    if (other && other.id !== id) throw nameTaken(name);
  };
  const health = (result: { version: string; ms: number } | { error: string }): DatasourceHealth =>
    "error" in result ? { ok: false, checked_at: now(), error: result.error } : { ok: true, checked_at: now(), ms: result.ms, version: result.version };
  const errorText = (e: unknown) => (e instanceof AppError ? String(e.params?.detail ?? e.code) : "unexpected error");

  return {
    addInUseCheck(check: InUseCheck) {
      inUseChecks.push(check);
    },
    /** Another part removes what it keeps of a deleted datasource in the delete's transaction (uploads/ drops its table). */
    addRemoveHook(hook: (datasource: Datasource) => Promise<void>) {
      removeHooks.push(hook);
    },
    async list(actor: Actor, q: ListQuery) {
      const needle = q.q?.trim().toLowerCase();
      const all = (await rows.all()).filter((r) => (!q.type || r.type === q.type) && (!needle || r.name.toLowerCase().includes(needle)));
      const start = (q.page - 1) * q.page_size;
      const items = await Promise.all(all.slice(start, start + q.page_size).map((r) => shown(actor, r)));
      return { items, total: all.length, page: q.page, page_size: q.page_size, pages: Math.ceil(all.length / q.page_size) };
    },
    async get(actor: Actor, id: string) {
      return shown(actor, await load(id));
    },
    async create(actor: Actor, body: DatasourceBody) {
      if (body.type === "upload") throw invalid([{ field: "type", message: "reports.datasource_upload_type" }]);
      const checked = checkUrl(body.type, body.url);
      if (checked.errors.length) throw invalid(checked.errors);
      await checkName(body.name);
      const at = now();
      const row: DatasourceRow = {
        id: newId(), name: body.name, type: body.type, url: checked.url ? await deps.secrets.encrypt(checked.url) : null,
        options: JSON.stringify(body.options ?? {}), health: null, upload: null, created_by: actor.kind === "user" ? actor.userId : null, created_at: at, updated_at: at,
      };
      await rows.insert(row).catch(async (e) => {
        // two creates of one name at once: the unique index decides, the loser gets the same 409
        if (await rows.byName(body.name)) throw nameTaken(body.name);
        throw e;
      });
      const created = await shown(actor, row);
      noteAudit({ resourceType: "report_datasource", resourceId: row.id, after: auditShape(created) });
      return created;
    },
    async update(actor: Actor, id: string, body: DatasourceBody) {
      const before = await load(id);
      if ((before.type === "upload") !== (body.type === "upload")) throw invalid([{ field: "type", message: "reports.datasource_type_change" }]);
      const stored = await registry.clearUrl(before);
      const sent = body.url ? unmaskUrl(body.url, stored) : body.url;
      if (sent === null && body.url) throw invalid([{ field: "url", message: "reports.datasource_password_needed" }]);
      const checked = checkUrl(body.type, sent);
      if (checked.errors.length) throw invalid(checked.errors);
      await checkName(body.name, id);
      const row: DatasourceRow = {
        ...before, name: body.name, type: body.type, url: checked.url ? await deps.secrets.encrypt(checked.url) : null,
        options: JSON.stringify(body.options ?? {}), updated_at: now(),
      };
      await rows.update(row).catch(async (e) => {
        if ((await rows.byName(body.name))?.id !== id) throw nameTaken(body.name);
        throw e;
      });
      await registry.invalidate(id);
      const after = await shown(actor, row);
      noteAudit({ resourceType: "report_datasource", resourceId: id, before: auditShape(await shown(actor, before)), after: auditShape(after) });
      return after;
    },
    async remove(actor: Actor, id: string) {
      const before = await load(id);
      await deps.db.tx(async () => {
        let count = 0;
        for (const check of inUseChecks) count += await check(id);
        if (count > 0) throw datasourceInUse(count);
        await rows.remove(id);
        for (const hook of removeHooks) await hook(toDatasource(before, null));
      });
      await registry.invalidate(id);
      noteAudit({ resourceType: "report_datasource", resourceId: id, before: auditShape(await shown(actor, before)) });
      return { id };
    },
    /** Connects with the saved datasource's pool; the answer (or the failure) becomes its health. */
    async test(actor: Actor, id: string) {
      await load(id);
      noteAudit({ resourceType: "report_datasource", resourceId: id });
      try {
        const { driver } = await registry.driverOf(id);
        const result = await driver.test();
        await rows.setHealth(id, health(result));
        return { ok: true, ...result };
      } catch (e) {
        await rows.setHealth(id, health({ error: errorText(e) }));
        throw e;
      }
    },
    /** Connects with unsaved input (a throwaway driver), so a form can be checked before saving. */
    async testUnsaved(body: TestBody) {
      if (body.type === "upload") throw invalid([{ field: "type", message: "reports.datasource_upload_type" }]);
      if (body.url?.includes(MASK)) throw invalid([{ field: "url", message: "reports.datasource_url_invalid" }]);
      const checked = checkUrl(body.type, body.url);
      if (checked.errors.length) throw invalid(checked.errors);
      const draft = toDatasource({
        id: "draft", name: body.name ?? "draft", type: body.type, url: null, options: JSON.stringify(body.options ?? {}), health: null,
        upload: null, created_by: null, created_at: now(), updated_at: now(),
      }, null);
      const driver = await driverFor(deps.db, draft, checked.url);
      try {
        return { ok: true, ...(await driver.test()) };
      } finally {
        await driver.close().catch(() => undefined);
      }
    },
    async tables(id: string): Promise<SourceTable[]> {
      await load(id);
      const { driver } = await registry.driverOf(id);
      return driver.tables();
    },
  };
}

export type Datasources = ReturnType<typeof createDatasources>;
