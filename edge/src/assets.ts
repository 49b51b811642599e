/**
 * The PWA (pwa/dist) is served by Cloudflare's asset layer (wrangler.toml `[assets]`), not by this
 * code: a request matching a file gets the file, a browser navigation matching none gets index.html
 * (`not_found_handling = "single-page-application"`), and any other request that matches no file
 * reaches the Worker, which proxies it to the origin (/healthz, /metrics …).
 *
 * The origin's own paths must never be answered from assets (a navigation to /api/docs would get
 * the SPA shell), so the Worker runs first for them. wrangler.toml's `run_worker_first` must list
 * exactly these (edge/tests/edge-config.test.ts compares them).
 */
export const WORKER_FIRST = ["/api/*", "/bot/*"] as const;

