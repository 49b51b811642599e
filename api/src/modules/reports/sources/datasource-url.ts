import type { FieldError } from "@ops/shared";
import type { DatasourceType } from "@ops/shared/contracts/reports.ts";

export const MASK = "••••••";

const SCHEMES: Record<"postgres" | "mysql" | "clickhouse", string[]> = {
  postgres: ["postgres:", "postgresql:"],
  mysql: ["mysql:", "mariadb:"],
  clickhouse: ["http:", "https:", "clickhouse:", "clickhouses:"],
};

export const needsUrl = (type: DatasourceType) => type === "postgres" || type === "mysql" || type === "clickhouse";

/** The URL with its password replaced by the mask (what every answer shows). */
export function maskUrl(url: string | null): string | null {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = "PASSWORDMASK";
    return u.toString().replace("PASSWORDMASK", MASK);
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, `//$1:${MASK}@`);
  }
}

/**
 * A URL sent back with the masked password takes the stored one (the user changed the database or options, or
 * nothing). Pointed at another host, port or user it must bring its own password: otherwise whoever may edit the
 * datasource could send the stored password to a server of their choosing. `null`: the password is needed.
 */
export function unmaskUrl(url: string, stored: string | null): string | null {
  if (!url.includes(MASK)) return url;
  if (!stored) return null;
  try {
    const s = new URL(stored);
    const u = new URL(url.replace(encodeURIComponent(MASK), "PASSWORDMASK").replace(MASK, "PASSWORDMASK"));
    if (u.password !== "PASSWORDMASK") return url;
    if (u.hostname !== s.hostname || u.port !== s.port || u.username !== s.username) return null;
    u.password = s.password;
    return u.toString();
  } catch {
    return null;
  }
}

/** The URL's problems for the type (empty: fine); mysql2 reads only `mysql://`, so `mariadb://` is rewritten. */
export function checkUrl(type: DatasourceType, url: string | null | undefined): { url: string | null; errors: FieldError[] } {
  if (!needsUrl(type)) {
    if (url) return { url: null, errors: [{ field: "url", message: "reports.datasource_url_not_allowed" }] };
    return { url: null, errors: [] };
  }
  if (!url) return { url: null, errors: [{ field: "url", message: "reports.datasource_url_required" }] };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url: null, errors: [{ field: "url", message: "reports.datasource_url_invalid" }] };
  }
  const schemes = SCHEMES[type];
  if (!schemes.includes(u.protocol.toLowerCase())) {
    const list = schemes.map((s) => `${s}//`).join(" ");
    return { url: null, errors: [{ field: "url", message: "reports.datasource_url_scheme", params: { schemes: list } }] };
  }
  if (!u.hostname) return { url: null, errors: [{ field: "url", message: "reports.datasource_url_invalid" }] };
  return { url: type === "mysql" ? url.replace(/^mariadb:/i, "mysql:") : url, errors: [] };
}
