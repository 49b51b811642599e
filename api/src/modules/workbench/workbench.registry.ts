import { hasPermission, type UserActor } from "@ops/shared";
import { WIDGET_KINDS } from "@ops/shared/contracts/workbench.ts";
import type { WidgetDefinition } from "./workbench.contract.ts";

const ID = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;

/**
 * The widgets modules registered, in page order. A bad registration is a programming error caught
 * at start (a thrown Error), not something a reader ever sees.
 */
export function createWidgetRegistry() {
  const widgets = new Map<string, WidgetDefinition>();
  return {
    register(widget: WidgetDefinition): void {
      if (!ID.test(widget.id)) throw new Error(`workbench widget id "${widget.id}" must look like module.name`);
      if (widgets.has(widget.id)) throw new Error(`workbench widget "${widget.id}" is registered twice`);
      if (!WIDGET_KINDS.includes(widget.kind)) throw new Error(`workbench widget "${widget.id}" has unknown kind "${widget.kind}"`);
      widgets.set(widget.id, widget);
    },
    get: (id: string): WidgetDefinition | undefined => widgets.get(id),
    /** the widgets this reader may see, in page order (then by id, so equal orders stay stable) */
    visibleTo(actor: UserActor): WidgetDefinition[] {
      return [...widgets.values()]
        .filter((w) => maySee(actor, w))
        .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
    },
  };
}

export type WidgetRegistry = ReturnType<typeof createWidgetRegistry>;

export const maySee = (actor: UserActor, w: WidgetDefinition): boolean => w.permission === null || hasPermission(actor, w.permission);
