/** BPMN 2.0 import/export of definitions (the supported subset, `ops:` extensions). */
export { createBpmn, type Bpmn } from "./bpmn.service.ts";
export { bpmnRoutes } from "./bpmn.routes.ts";
