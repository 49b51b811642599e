import { iso } from "../../../platform/clock.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { loadVersion } from "../definitions/index.ts";
import { instanceNotFound } from "../approvals.errors.ts";
import type { InstanceRow } from "./instance.store.ts";
import { openRun, type Run } from "./run.ts";

/**
 * Runs `fn` in one transaction holding the instance's row: every change of one instance is
 * serialised (PostgreSQL row lock, SQLite's single writer), so ten approvals of one task at once
 * make one transition and nine see it already decided. A throw leaves nothing behind.
 */
export async function withInstance<T>(deps: ApprovalsDeps, instanceId: string, actorId: string | null, fn: (run: Run) => Promise<T>): Promise<{ result: T; run: Run }> {
  const at = iso(deps.clock.now());
  return deps.db.tx(async () => {
    const inst = await deps.db.get<InstanceRow>("UPDATE approval_instances SET updated_at = ? WHERE id = ? RETURNING *", [at, instanceId]);
    if (!inst) throw instanceNotFound();
    const version = await loadVersion(deps.db, inst.definition_id, Number(inst.version));
    if (!version) throw instanceNotFound();
    const run = await openRun(deps.db, inst, version, actorId, at);
    const result = await fn(run);
    return { result, run };
  });
}
