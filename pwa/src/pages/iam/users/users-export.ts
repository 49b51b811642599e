import { MAX_PAGE_SIZE } from "@ops/shared/envelope.ts";
import { usersApi } from "../../../data/directory.ts";
import type { Query } from "../../../data/client.ts";
import type { User } from "../../../data/types.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";

/** At most this many pages of MAX_PAGE_SIZE users go into one file. */
const MAX_PAGES = 50;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or tab / CR)
 * gets a ' so a spreadsheet shows the text instead of running it as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function row(u: User): string[] {
  const status = u.status === "active" ? tr("users.status_active") : tr("users.status_disabled");
  return [
    u.username, u.display_name, u.dept_name ?? "", u.roles.map((r) => r.name).join("、"), u.email ?? "", u.phone ?? "",
    u.locked ? `${status}（${tr("users.locked")}）` : status, u.last_login_at ? formatTime(u.last_login_at) : "",
  ];
}

/**
 * The user list as CSV, with the list's filters and exactly what the list shows (contact
 * details masked as the API masks them for the reader); UTF-8 with a BOM so Excel reads 中文.
 */
export async function usersCsv(filters: Query): Promise<Blob> {
  const header = ["users.username", "users.display_name", "users.department", "users.roles", "users.email", "users.phone", "users.status", "users.last_login_at"].map((k) => tr(k));
  const lines = [header];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const p = await usersApi.list({ ...filters, page, page_size: MAX_PAGE_SIZE });
    lines.push(...p.items.map(row));
    if (page >= p.pages) break;
  }
  const text = lines.map((l) => l.map(csvCell).join(",")).join("\r\n");
  return new Blob([`\uFEFF${text}\r\n`], { type: "text/csv;charset=utf-8" });
}

export function usersCsvName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `users-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.csv`;
}
