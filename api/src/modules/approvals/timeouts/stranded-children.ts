import type { ApprovalsDeps } from "../approvals.deps.ts";
import { loadInstance, resumeParent } from "../engine/index.ts";

/** How far back a pass looks for ended children: covers a scheduler down for days without re-reading all history. */
const LOOK_BACK_MS = 7 * 24 * 3600_000;

/**
 * A child approval's end decides its parent's subprocess node after the child's commit; a process that died in between
 * leaves the parent waiting. Each pass resumes parents still pending whose child ended recently: resumeParent is a
 * no-op for a child its parent no longer waits for, so a parent moves once however often this runs.
 */
export async function resumeStrandedParents(deps: ApprovalsDeps): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - LOOK_BACK_MS).toISOString();
  const rows = await deps.db.all<{ id: string }>(
    `SELECT c.id FROM approval_instances c JOIN approval_instances p ON p.id = c.parent_id
      WHERE c.parent_id IS NOT NULL AND c.status <> 'pending' AND p.status = 'pending' AND c.finished_at >= ?`,
    [since],
  );
  let resumed = 0;
  for (const r of rows) {
    const child = await loadInstance(deps.db, r.id);
    if (!child) continue;
    try {
      await resumeParent(deps, child);
      resumed++;
    } catch (e) {
      deps.logger?.warn("approval subprocess resume (sweep) failed", { instance_id: r.id, err: e });
    }
  }
  return resumed;
}
