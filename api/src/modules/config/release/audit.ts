import { DEFAULT_LOCALE, systemActor } from "@ops/shared";
import { newId } from "../../../platform/crypto.ts";
import type { ReleaseDeps } from "./release.deps.ts";

/**
 * What the system does on its own (an approval's end releases a set, a scheduled set fires, a direct write is
 * released) is audited as system:config-release, one row per action, with the resource before/after.
 */
export async function auditSystem(
  deps: ReleaseDeps, action: string, resource: { type: "config_change_set" | "config_release"; id: string }, after: unknown, ok = true, before?: unknown,
): Promise<void> {
  await deps.audit?.recordRequest({
    ctx: {
      requestId: newId(), ip: null, userAgent: null, locale: DEFAULT_LOCALE, actor: systemActor("config-release"), via: "system",
      auditNotes: [{ resourceType: resource.type, resourceId: resource.id, before, after }],
    },
    method: "SYSTEM", path: "config release", status: ok ? 200 : 500, durationMs: 0, module: "config", action, resourceType: resource.type,
  }).catch((e) => deps.logger?.warn("config release audit failed", { action, err: e }));
}
