import { createHmac, timingSafeEqual } from "node:crypto";
import { forbidden, type Actor } from "@ops/shared";
import type { DeliveryDeps } from "../exports/index.ts";

/** How long a digest's xlsx link works (as long as its chart image). */
export const XLSX_LINK_TTL_MS = 7 * 86_400_000;
const TOKEN = /^([A-Za-z0-9_-]{1,3000})\.([A-Za-z0-9_-]{43})$/;

/** What a link names: whose rows, which report, the control values the digest used (dates already resolved). */
export type XlsxGrant = { userId: string; reportId: string; params: Record<string, string | string[]>; expires: number };

/**
 * Signed xlsx links of digests (`GET /report-digest-files/<token>.xlsx`, no session: opened from an IM card). The
 * token is the grant (recipient, report, parameters, expiry) and an HMAC-SHA256 over it with a key derived from
 * OPS_SECRET_KEY. The file is written at download time AS the recipient named in the grant, through the same reader
 * as every export: their roles, row filters and masking as they are then. A grant cannot be edited to name another
 * viewer (the MAC breaks), and a recipient who has since lost the report or left gets a refusal, not a snapshot taken
 * while they still had it; nothing is rendered for digests whose link is never opened.
 */
export function createXlsxLinks(deps: DeliveryDeps) {
  const key = deps.signingKey ?? "ops-reports-unsigned";
  const mac = (body: string) => createHmac("sha256", `ops-report-xlsx:${key}`).update(body).digest("base64url");

  return {
    /** The signed path (absolute with OPS_PUBLIC_URL) for `actor` to download `reportId` with `params`. */
    linkFor(actor: Actor, reportId: string, params: Record<string, string | string[]>): string | undefined {
      if (actor.kind !== "user") return undefined;
      const grant: XlsxGrant = { userId: actor.userId, reportId, params, expires: deps.clock.now().getTime() + XLSX_LINK_TTL_MS };
      const body = Buffer.from(JSON.stringify(grant)).toString("base64url");
      const path = `/api/v1/report-digest-files/${body}.${mac(body)}.xlsx`;
      return deps.publicUrl ? `${deps.publicUrl.replace(/\/$/, "")}${path}` : path;
    },
    /** The grant of a token that is ours and not expired; 403 otherwise. */
    open(file: string): XlsxGrant {
      const m = TOKEN.exec(file.replace(/\.xlsx$/, ""));
      if (!m) throw forbidden("reports.delivery.xlsx_link_invalid");
      const [, body, sig] = m as unknown as [string, string, string];
      const expected = Buffer.from(mac(body));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw forbidden("reports.delivery.xlsx_link_invalid");
      const grant = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as XlsxGrant;
      if (grant.expires <= deps.clock.now().getTime()) throw forbidden("reports.delivery.xlsx_link_expired");
      return grant;
    },
  };
}

export type XlsxLinks = ReturnType<typeof createXlsxLinks>;
