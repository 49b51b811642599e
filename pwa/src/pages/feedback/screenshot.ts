import { FEEDBACK_LIMITS } from "../../data/feedback.ts";

/** Why a picked file cannot be attached (a UI text key and its parameters). */
export class ScreenshotError extends Error {
  constructor(readonly key: "feedback.screenshot_invalid" | "feedback.screenshot_too_large") {
    super(key);
  }
}

const TYPES = new Set(["image/png", "image/jpeg"]);
/** base64 grows by 4/3; the server counts decoded bytes. */
const fits = (dataUrl: string) => ((dataUrl.length - dataUrl.indexOf(",") - 1) * 3) / 4 <= FEEDBACK_LIMITS.screenshotBytes;

const readAsDataUrl = (file: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/**
 * A picked PNG or JPEG as a data URL within the server's cap. A larger image is drawn smaller
 * and re-encoded as JPEG (phone screenshots are often several MB) until it fits.
 */
export async function screenshotFromFile(file: File): Promise<string> {
  if (!TYPES.has(file.type)) throw new ScreenshotError("feedback.screenshot_invalid");
  const original = await readAsDataUrl(file);
  if (fits(original)) return original;
  const bitmap = await createImageBitmap(file).catch(() => {
    throw new ScreenshotError("feedback.screenshot_invalid");
  });
  for (const [side, quality] of [[1600, 0.8], [1280, 0.7], [1024, 0.6], [800, 0.5]] as const) {
    const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const shrunk = canvas.toDataURL("image/jpeg", quality);
    if (fits(shrunk)) return shrunk;
  }
  throw new ScreenshotError("feedback.screenshot_too_large");
}
