/**
 * Password sign-in, refresh and sign-out (the /auth routes), and the password reset from the shell.
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { authRoutes } from "./auth.routes.ts";
export { resetPasswordFromShell, type ShellResetOptions, type ShellResetResult } from "./shell-reset.ts";
