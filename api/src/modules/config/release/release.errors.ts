import { AppError, conflict, forbidden, notFound, type FieldError } from "@ops/shared";

/** Errors of change sets and releases (messages in shared/src/i18n/config-release.messages.ts). */
export const tableNotFound = (table: string) => notFound("config.release.table_not_found", { table });
export const changeSetNotFound = () => notFound("config.release.change_set_not_found");
export const releaseNotFound = (n: number) => notFound("config.release.release_not_found", { number: n });
export const notAuthor = () => forbidden("config.release.not_author");
export const tableForbidden = (table: string) => forbidden("config.release.table_forbidden", { table });
export const notPending = (status: string) => conflict("config.release.not_pending", { status });
export const grayInProgress = (n: number) => conflict("config.release.gray_in_progress", { number: n });
export const notGray = (n: number, status: string) => conflict("config.release.not_gray", { number: n, status });
export const nothingToRelease = () => conflict("config.release.nothing_to_release");
/** An emergency publish of a set whose changes no longer apply: refused, nothing changed (the set stays as it was). */
export const staleChangeSet = (errors: FieldError[]) =>
  new AppError("config.change_set_stale", { status: 409, params: { problem: errors.map((e) => e.message).join("; ").slice(0, 500) }, errors });
export const invalid = (errors: FieldError[]) => new AppError("config.invalid", { status: 422, errors, params: errors[0]?.params });
