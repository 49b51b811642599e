import { forbidden, notFound, type Locale, type UserActor } from "@ops/shared";
import type { WidgetView, WorkbenchView } from "@ops/shared/contracts/workbench.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import { loadWidget } from "./workbench.loader.ts";
import { createWidgetRegistry, maySee } from "./workbench.registry.ts";

export type WorkbenchDeps = {
  clock: Clock;
  logger: Logger;
  /** the longest any widget may take before it is shown as failed (ms) */
  budgetMs?: number;
};

export const DEFAULT_BUDGET_MS = 3000;

/**
 * The home workbench: a registry of widgets modules contribute, loaded for one reader at a time.
 * All visible widgets load concurrently; the page waits at most one budget, never for the slowest query.
 */
export function createWorkbench(deps: WorkbenchDeps) {
  const registry = createWidgetRegistry();
  const budgetMs = deps.budgetMs ?? DEFAULT_BUDGET_MS;
  const options = (actor: UserActor, locale: Locale) => ({ actor, locale, now: deps.clock.now(), budgetMs, logger: deps.logger });

  return {
    /** for the composition root: modules add their widgets through this (see RegisterWidget) */
    register: registry.register,
    async view(actor: UserActor, locale: Locale): Promise<WorkbenchView> {
      const o = options(actor, locale);
      const widgets = await Promise.all(registry.visibleTo(actor).map((w) => loadWidget(w, o)));
      return { widgets, generated_at: o.now.toISOString() };
    },
    async widget(actor: UserActor, locale: Locale, id: string): Promise<WidgetView> {
      const def = registry.get(id);
      if (!def) throw notFound("workbench.widget_not_found", { id });
      if (!maySee(actor, def)) throw forbidden("auth.forbidden", { permission: def.permission });
      return loadWidget(def, options(actor, locale));
    },
  };
}

export type Workbench = ReturnType<typeof createWorkbench>;
