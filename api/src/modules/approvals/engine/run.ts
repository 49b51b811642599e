import type { ApprovalStatus } from "@ops/shared/contracts/approvals.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { DefinitionVersion } from "../definitions/index.ts";
import type { InstanceRow } from "./instance.store.ts";

/** A notice to send once the transaction commits (a task to someone, a decision to the initiator). */
export type Notice =
  | { kind: "task" | "cc" | "decided" | "urged"; recipients: string[]; taskId?: string; status?: ApprovalStatus }
  /** a child instance (subprocess node) started or ended in the transaction: its own notices, delivered after the parent's */
  | { kind: "subprocess"; recipients: []; child: { id: string; notices: Notice[] } };

/**
 * One transaction's work on one instance: its row (locked), its version, the acting user, the time,
 * the next timeline number, and the notices to send after commit.
 */
export type Run = {
  db: Db;
  inst: InstanceRow;
  version: DefinitionVersion;
  form: Record<string, unknown>;
  selected: Record<string, string[]>;
  actorId: string | null;
  at: string;
  seq: number;
  notices: Notice[];
};

export async function openRun(db: Db, inst: InstanceRow, version: DefinitionVersion, actorId: string | null, at: string): Promise<Run> {
  const last = await db.get<{ s: number | string | null }>("SELECT MAX(seq) AS s FROM approval_events WHERE instance_id = ?", [inst.id]);
  return { db, inst, version, form: JSON.parse(inst.form), selected: JSON.parse(inst.selected), actorId, at, seq: Number(last?.s ?? 0), notices: [] };
}

/** A line of the timeline. */
export async function event(
  run: Run,
  e: { action: string; node_key?: string | null; task_id?: string | null; actor_id?: string | null; comment?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await insertRow(run.db, "approval_events", {
    id: newId(), instance_id: run.inst.id, seq: ++run.seq, task_id: e.task_id ?? null, node_key: e.node_key ?? null, action: e.action,
    actor_id: e.actor_id === undefined ? run.actorId : e.actor_id, comment: e.comment ?? null, data: JSON.stringify(e.data ?? {}), created_at: run.at,
  });
}

export const nodeOf = (run: Run, key: string) => {
  const n = run.version.nodes.find((x) => x.key === key);
  if (!n) throw new Error(`node ${key} is not in version ${run.version.version}`);
  return n;
};
