/** Instances: start (form checked), read, list, withdraw, comment. */
export { createInstances } from "./instances.service.ts";
export type { Upload } from "./comments.ts";
