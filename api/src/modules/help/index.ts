/** Help center: shipped markdown pages plus pages admins edit (versioned, audited). Reach it only through this file. */
export { createHelp, type Help } from "./help.service.ts";
export { helpRoutes } from "./help.routes.ts";
export { HELP_CATEGORIES, type HelpCategory, type HelpDeps, type HelpPage } from "./help.deps.ts";
export type { CommandHelp } from "./help-commands.ts";
