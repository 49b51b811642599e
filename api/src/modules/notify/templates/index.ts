/** Templates with versions, rendering, and composing a message. Siblings and the notify root import from here. */
export { composeMessage, type NotifyEventRecord } from "./messages.ts";
export { notifyText } from "./render.ts";
export { templateRoutes } from "./templates.routes.ts";
export { createTemplates, type Templates } from "./templates.ts";
