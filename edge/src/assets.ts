/**
 * The PWA (pwa/dist) is served by Cloudflare's asset layer (wrangler.toml `[assets]`), not by this
 * code: a request matching a file gets the file, and with `not_found_handling =
 * "single-page-application"` any other request gets index.html (the PWA's router takes the path),
 * except the paths the Worker runs first for, which it proxies to the origin.
 *
 * Once `run_worker_first` lists routes, the SPA fallback answers every unmatched path, not only
 * browser navigations (miniflare's assets worker: static routing keeps not_found_handling for all
 * requests), so each origin path outside /api and /bot is listed here by name. wrangler.toml's
 * `run_worker_first` must list exactly these (edge/tests/edge.test.ts compares them).
 */
export const WORKER_FIRST = ["/api/*", "/bot/*", "/healthz", "/readyz", "/metrics"] as const;
