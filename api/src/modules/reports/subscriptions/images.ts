import { createHmac, timingSafeEqual } from "node:crypto";
import { forbidden, notFound } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { DeliveryDeps } from "../exports/index.ts";

/** How long a digest's chart URL works: IM platforms fetch (and cache) it soon after the card is posted. */
export const IMAGE_TTL_MS = 7 * 86_400_000;
const TOKEN = /^([0-9a-f-]{36})\.(\d{10,13})\.([A-Za-z0-9_-]{43})$/;

/**
 * Signed chart-image URLs (`GET /report-images/<token>.png`, no session: Slack, Feishu and DingTalk fetch them). The
 * token is the image id, its expiry and an HMAC-SHA256 over both with a key derived from OPS_SECRET_KEY; the PNG sits
 * in the blob store (`reports/images/<id>.png`) as a row of report_exports, so the 7-day sweep removes it too.
 */
export function createImages(deps: DeliveryDeps) {
  const key = deps.signingKey ?? "ops-reports-unsigned";
  const mac = (id: string, expires: number) => createHmac("sha256", `ops-report-image:${key}`).update(`${id}.${expires}`).digest("base64url");

  return {
    /** Keeps the PNG and returns its signed URL (absolute with OPS_PUBLIC_URL). */
    async publish(png: Uint8Array, o: { reportId: string; userId: string }): Promise<{ id: string; key: string; url: string; token: string }> {
      const id = newId();
      const now = deps.clock.now();
      const blobKey = `reports/images/${id}.png`;
      await deps.blobs.put(blobKey, png);
      await insertRow(deps.db, "report_exports", {
        id, report_id: o.reportId, format: "png", params: "{}", status: "done", progress: 100, estimated_rows: null, rows_done: null,
        bytes: png.length, blob_key: blobKey, error: null, created_by: o.userId, created_at: iso(now), finished_at: iso(now),
      });
      const expires = now.getTime() + IMAGE_TTL_MS;
      const token = `${id}.${expires}.${mac(id, expires)}`;
      const path = `/api/v1/report-images/${token}.png`;
      return { id, key: blobKey, token, url: deps.publicUrl ? `${deps.publicUrl.replace(/\/$/, "")}${path}` : path };
    },
    /** The PNG of a token that is ours and not expired: 403 otherwise, 404 once the file is gone. */
    async open(file: string): Promise<Uint8Array> {
      const m = TOKEN.exec(file.replace(/\.png$/, ""));
      if (!m) throw forbidden("reports.delivery.image_token_invalid");
      const [, id, expiresText, sig] = m as unknown as [string, string, string, string];
      const expected = Buffer.from(mac(id, Number(expiresText)));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw forbidden("reports.delivery.image_token_invalid");
      if (Number(expiresText) <= deps.clock.now().getTime()) throw forbidden("reports.delivery.image_token_expired");
      const png = await deps.blobs.get(`reports/images/${id}.png`);
      if (!png) throw notFound("reports.delivery.image_gone");
      return png;
    },
  };
}

export type Images = ReturnType<typeof createImages>;
