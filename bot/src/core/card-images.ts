/**
 * A card image's bytes, for platforms that show only uploaded images (Feishu's `img` needs an image_key). Images the
 * API serves (a report digest's signed chart URL under OPS_PUBLIC_URL, or an app path) are read through the API's own
 * fetch, so the bot needs no route to its public address; any other URL is fetched over the network.
 */
import type { BotLogger } from "./port.ts";

/** Feishu's upload limit */
const MAX_BYTES = 10 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const BASE = "http://ops.internal";

export function imageFetcher(opts: { appUrl?: string; apiFetch: (r: Request) => Response | Promise<Response>; logger: BotLogger; fetch?: typeof fetch }) {
  const app = opts.appUrl?.replace(/\/+$/, "");
  return async (url: string): Promise<Uint8Array | null> => {
    const own = url.startsWith("/") ? url : app && url.startsWith(`${app}/`) ? url.slice(app.length) : null;
    try {
      const signal = AbortSignal.timeout(TIMEOUT_MS);
      const res = own !== null ? await opts.apiFetch(new Request(`${BASE}${own}`, { signal })) : await (opts.fetch ?? fetch)(url, { signal });
      if (!res.ok || !(res.headers.get("content-type") ?? "").startsWith("image/")) {
        // not the URL itself: a signed image URL is a credential while it lasts
        opts.logger.warn("card image not readable", { served_by_api: own !== null, status: res.status });
        return null;
      }
      const bytes = new Uint8Array(await res.arrayBuffer());
      return bytes.length > 0 && bytes.length <= MAX_BYTES ? bytes : null;
    } catch (error) {
      opts.logger.warn("card image not readable", { served_by_api: own !== null, err: error instanceof Error ? error.name : String(error) });
      return null;
    }
  };
}
