/**
 * Home workbench (工作台). Modules contribute widgets through `RegisterWidget`, handed to them by the
 * composition root; they import nothing else from here, and this module imports none of them.
 */
export { createWorkbench, DEFAULT_BUDGET_MS, type Workbench, type WorkbenchDeps } from "./workbench.service.ts";
export { workbenchRoutes } from "./workbench.routes.ts";
export type { RegisterWidget, WidgetData, WidgetDefinition, WidgetItemInput, WidgetLinkInput, WidgetLoadContext, WidgetText } from "./workbench.contract.ts";
export { registerCoreWidgets, type ChatPlatform, type CoreWidgetSources } from "./widgets/index.ts";
