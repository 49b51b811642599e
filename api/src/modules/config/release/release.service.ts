import type { Actor, UserActor } from "@ops/shared";
import type { ConfigChange, ConfigRelease, ConfigTable, GraySpec } from "@ops/shared/contracts/config.ts";
import { noteAudit } from "../../../platform/context.ts";
import { startPeriodic } from "../../../platform/periodic.ts";
import type { ConfigWriteGate } from "../index.ts";
import { canRead, canWrite } from "./access.ts";
import { auditSystem } from "./audit.ts";
import { createChangeSets } from "./change-sets.ts";
import { normalizeGray } from "./gray.ts";
import { createNotices } from "./notices.ts";
import { DEFAULT_DEFINITION, FORM_FIELDS, type ReleaseDeps } from "./release.deps.ts";
import { nothingToRelease, tableForbidden, tableNotFound } from "./release.errors.ts";
import { createReleases } from "./releases.ts";

export type ConfigReleaseDeps = ReleaseDeps & { userActor(id: string): Promise<UserActor | null> };

const actorId = (a: Actor) => (a.kind === "user" ? a.userId : "system");

/**
 * The config center's release side: change sets through approval, releases (now, scheduled, gray →
 * full or abort, emergency), notices, and the gate the data layer calls on every write.
 */
export function createConfigRelease(deps: ConfigReleaseDeps) {
  const { db } = deps;
  const releases = createReleases(deps);
  const notices = createNotices(deps);
  const changeSets = createChangeSets(deps, releases, notices);

  async function table(name: string, actor: Actor, need: "read" | "write"): Promise<ConfigTable> {
    const found = await deps.data.getTable(name);
    if (!found) throw tableNotFound(name);
    if (!(await (need === "read" ? canRead : canWrite)(db, actor, found))) throw tableForbidden(name);
    return found;
  }

  /** What the data layer calls: approval tables propose, direct writes and rollbacks are released at once. */
  const gate: ConfigWriteGate = {
    propose: (t, changes, meta) => changeSets.submit(t, changes, meta),
    async applied(t, result) {
      const rel = await releases.create(t, {
        version: result.version, kind: result.kind === "rollback" ? "rollback" : "auto", gray: null, change_set_id: null,
        note: result.reason, by: actorId(result.actor), supersedeGray: true,
      });
      await auditSystem(deps, "releases.auto", { type: "config_release", id: `${t.name}#${rel.number}` }, rel);
      await notices.released((await deps.data.getTable(t.name)) ?? t, rel, { by: actorId(result.actor), reason: result.reason, diff: result.diff, from: result.version - 1 });
    },
    releasedVersions: (t) => releases.releasedVersions(t),
    async checkDefinition(key) {
      // the built-in one is created when missing; any other must already be published with the form fields
      if (key === DEFAULT_DEFINITION) return [];
      const def = await deps.approvals.check(key);
      const missing = FORM_FIELDS.filter((f) => !def.fields.includes(f));
      if (!def.problem && !missing.length) return [];
      return [{ field: "approval_definition", message: def.problem ? `config.release.definition_${def.problem}` : "config.release.definition_fields", params: { key, fields: missing.join(", ") } }];
    },
  };

  let stopPass: (() => void) | null = null;

  return {
    gate,
    changeSets,
    releases,
    /** which release/version a consumer gets now (gray rules applied); null: the table was never released */
    resolveFor: releases.resolveFor,
    /** `listener(table)` after every release, promote, abort (every process): wakes long-polls */
    onReleased: releases.onReleased,
    /** An approval ended (approvals' end listener, wired in system.ts). */
    approvalEnded: changeSets.approvalEnded,
    /** At start: the built-in definition exists and is published (created by the first administrator), and the release channel is heard. */
    async init() {
      await deps.approvals.ensureDefault(null).catch((e) => deps.logger?.warn("config-release definition not ensured", { err: e }));
      await releases.listen();
    },
    /** scheduler role: every minute, due scheduled sets and approved sets still waiting are released (once, by the claim). */
    start(o: { scheduler: boolean }, everyMs = 60_000) {
      if (!o.scheduler) return;
      stopPass ??= startPeriodic(() => changeSets.releaseDue(), (e) => deps.logger?.warn("config release pass failed", { err: e }), everyMs);
    },
    stop() {
      stopPass?.();
      stopPass = null;
    },
    async submit(actor: UserActor, name: string, input: { changes: ConfigChange[]; reason: string; release_at?: string | null; gray?: GraySpec | null }) {
      return changeSets.submit(await table(name, actor, "write"), input.changes, { actor, reason: input.reason, release_at: input.release_at ?? null, gray: input.gray ?? null });
    },
    async listReleases(actor: UserActor, name: string, q: { page: number; page_size: number; sort?: string; status?: string }) {
      await table(name, actor, "read");
      return releases.list(name, q);
    },
    async getRelease(actor: UserActor, name: string, n: number) {
      await table(name, actor, "read");
      const rel = await releases.get(name, n);
      // consumers/ records who read which release (config_consumers, migration 036)
      const seen = await db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM config_consumers WHERE table_name = ? AND release_no = ?", [name, n]).catch(() => undefined);
      return { ...rel, consumers: Number(seen?.c ?? 0) };
    },
    /** config:publish: releases the newest version by hand (a table without approval, or a re-release), optionally gray. */
    async releaseNow(actor: UserActor, name: string, input: { note?: string; gray?: GraySpec | null }): Promise<ConfigRelease> {
      const t = await table(name, actor, "write");
      if (!t.version) throw nothingToRelease();
      const from = (await releases.live(name)).full?.version ?? null;
      const rel = await releases.create(t, { version: t.version, kind: "manual", gray: normalizeGray(input.gray), change_set_id: null, note: input.note ?? "", by: actor.userId });
      noteAudit({ module: "config", resourceType: "config_release", resourceId: `${name}#${rel.number}`, after: rel });
      await notices.released(t, rel, { by: actor.userId, reason: rel.note, from });
      return rel;
    },
    async promote(actor: UserActor, name: string, n: number): Promise<ConfigRelease> {
      const t = await table(name, actor, "write");
      const from = (await releases.live(name)).full?.version ?? null;
      const { before, after } = await releases.promote(t, n);
      noteAudit({ module: "config", resourceType: "config_release", resourceId: `${name}#${n}`, before: { status: before.status }, after: { status: after.status } });
      await notices.released(t, after, { by: actor.userId, reason: after.note, promoted: true, from });
      return after;
    },
    async abort(actor: UserActor, name: string, n: number, reason: string): Promise<ConfigRelease> {
      const t = await table(name, actor, "write");
      const { before, after, restored, kept } = await releases.abort(t, n, reason, actor);
      noteAudit({ module: "config", resourceType: "config_release", resourceId: `${name}#${n}`, before: { status: before.status }, after: { status: after.status, reason, restored_version: restored } });
      await notices.aborted(t, after, { by: actor.userId, reason, restoredVersion: kept, to: restored ?? kept });
      return after;
    },
  };
}

export type ConfigReleaseService = ReturnType<typeof createConfigRelease>;
