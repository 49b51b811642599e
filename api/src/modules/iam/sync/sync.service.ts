import { AppError, DEFAULT_LOCALE, systemActor, type Actor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { applyPlan } from "./sync-apply.ts";
import { planSync } from "./sync-plan.ts";
import type { DirectorySource, SyncPlan, SyncProvider, SyncRun } from "./sync.types.ts";

type RunRow = Omit<SyncRun, "dry_run" | "plan"> & { dry_run: number; plan: string | null };

const toRun = (r: RunRow): SyncRun => ({ ...r, dry_run: Number(r.dry_run) === 1, plan: r.plan ? (JSON.parse(r.plan) as SyncPlan) : null, progress: Number(r.progress) });

/**
 * Runs of a directory sync: one at a time per platform in this process (a second start gets 409), read → plan →
 * (unless a dry run) apply; progress is written as it goes, and every change is audited (one row per change).
 */
export function createSyncService(deps: IamDeps, sources: Map<SyncProvider, DirectorySource>) {
  const { db, clock } = deps;
  const running = new Map<SyncProvider, Promise<SyncRun>>();

  async function get(id: string): Promise<SyncRun> {
    const row = await db.get<RunRow>("SELECT * FROM directory_sync_runs WHERE id = ?", [id]);
    if (!row) throw new AppError("iam.sync_run_not_found", { status: 404 });
    return toRun(row);
  }

  async function execute(runId: string, source: DirectorySource, dryRun: boolean, actor: Actor): Promise<SyncRun> {
    const progress = (share: number) => void updateRow(db, "directory_sync_runs", { id: runId }, { progress: Math.round(share * 90) }).catch(() => {});
    try {
      const snapshot = await source.read(progress);
      const plan = await planSync(deps, source.provider, snapshot);
      await updateRow(db, "directory_sync_runs", { id: runId }, { progress: 95, plan: JSON.stringify(plan) });
      if (!dryRun && !plan.summary.unchanged) {
        const notes = await applyPlan(deps, plan, actor.kind === "user" ? actor.userId : null);
        await deps.audit.recordRequest({
          ctx: { requestId: newId(), ip: null, userAgent: null, locale: DEFAULT_LOCALE, actor, via: actor.kind === "user" ? "web" : "system", auditNotes: notes },
          method: "SYSTEM", path: `directory sync ${source.provider}`, status: 200, durationMs: 0, module: "iam", action: "directory-sync.apply",
        });
      }
      await updateRow(db, "directory_sync_runs", { id: runId }, { status: "succeeded", progress: 100, finished_at: iso(clock.now()) });
    } catch (error) {
      deps.logger.warn("directory sync failed", { provider: source.provider, err: error });
      const reason = error instanceof AppError ? error.code : "iam.sync_failed";
      await updateRow(db, "directory_sync_runs", { id: runId }, { status: "failed", error: reason, finished_at: iso(clock.now()) });
    }
    return get(runId);
  }

  return {
    providers: () => [...sources.keys()],
    get,
    async list(provider?: SyncProvider): Promise<SyncRun[]> {
      const rows = await db.all<RunRow>(
        `SELECT * FROM directory_sync_runs ${provider ? "WHERE provider = ?" : ""} ORDER BY started_at DESC, id DESC LIMIT 20`, provider ? [provider] : [],
      );
      return rows.map(toRun);
    },
    /** Starts a run; resolves with it at once (`done` settles when it ends). */
    async start(provider: SyncProvider, dryRun: boolean, actor: Actor, trigger: SyncRun["trigger"] = "manual"): Promise<{ run: SyncRun; done: Promise<SyncRun> }> {
      const source = sources.get(provider);
      if (!source) throw new AppError("iam.sync_provider_unknown", { status: 400, errors: [{ field: "provider", message: "iam.sync_provider_unknown" }], params: { provider } });
      if (running.has(provider)) throw new AppError("iam.sync_running", { status: 409 });
      const id = newId();
      await insertRow(db, "directory_sync_runs", {
        id, provider, dry_run: dryRun ? 1 : 0, status: "running", progress: 0, plan: null, error: null, trigger,
        created_by: actor.kind === "user" ? actor.userId : null, started_at: iso(clock.now()), finished_at: null,
      });
      const done = execute(id, source, dryRun, actor).finally(() => running.delete(provider));
      running.set(provider, done);
      return { run: await get(id), done };
    },
    /** The scheduled pass (scheduler role): every configured platform, applied. */
    async scheduled(): Promise<void> {
      for (const provider of sources.keys()) {
        if (running.has(provider)) continue;
        const { done } = await this.start(provider, false, systemActor("directory-sync"), "schedule");
        await done;
      }
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
