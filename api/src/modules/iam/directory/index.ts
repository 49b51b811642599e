/**
 * Users and departments (with field masking).
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { departmentsRoutes } from "./departments.routes.ts";
export { acceptedPassword } from "./users.access.ts";
export { usersRoutes } from "./users.routes.ts";
export { usersIoRoutes } from "./users-io.routes.ts";
