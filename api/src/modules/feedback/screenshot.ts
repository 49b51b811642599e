import { badRequest } from "@ops/shared";
import { FEEDBACK_LIMITS } from "@ops/shared/contracts/feedback.ts";

export type Screenshot = { mime: "image/png" | "image/jpeg"; bytes: Uint8Array; base64: string };

const DATA_URL = /^data:(image\/png|image\/jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

const field = (message: string) => [{ field: "screenshot", message }];

/**
 * A screenshot arrives as a data URL. Only PNG and JPEG are kept, and only when the bytes
 * say so too (a declared type is not trusted: the image is served back to admins' browsers).
 */
export function parseScreenshot(dataUrl: string): Screenshot {
  const m = DATA_URL.exec(dataUrl.trim());
  if (!m) throw badRequest("feedback.screenshot_format", field("feedback.screenshot_format"));
  const mime = m[1] as Screenshot["mime"];
  const base64 = m[2]!;
  const maxKb = Math.floor(FEEDBACK_LIMITS.screenshotBytes / 1024);
  // Refuse before decoding: base64 is 4 characters per 3 bytes.
  if (Math.floor((base64.length * 3) / 4) - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0) > FEEDBACK_LIMITS.screenshotBytes) {
    throw badRequest("feedback.screenshot_too_large", field("feedback.screenshot_too_large"), { max_kb: maxKb });
  }
  const bytes = new Uint8Array(Buffer.from(base64, "base64"));
  const magic = mime === "image/png" ? PNG : JPEG;
  if (bytes.length < magic.length + 4 || !magic.every((b, i) => bytes[i] === b)) {
    throw badRequest("feedback.screenshot_content", field("feedback.screenshot_content"));
  }
  return { mime, bytes, base64 };
}
