import type { WidgetView, WorkbenchView } from "@ops/shared/contracts/workbench.ts";
import { api } from "./client.ts";

/** The home workbench: every widget the signed-in user may see, or one again (refresh, retry). */
export type { WidgetItem, WidgetKind, WidgetLink, WidgetTone, WidgetView, WorkbenchView } from "@ops/shared/contracts/workbench.ts";

export const workbenchApi = {
  load: () => api.get<WorkbenchView>("/workbench"),
  widget: (id: string) => api.get<WidgetView>(`/workbench/widgets/${encodeURIComponent(id)}`),
};
