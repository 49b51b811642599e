import type { ConfigPublished } from "../contracts/config.ts";

/**
 * A consumer of the config center: keeps a table's published records in memory, follows releases
 * with the published endpoint's long-poll (ETag + `?wait=`), and keeps serving the last good copy
 * while the server cannot be reached (also across restarts when a cache file is given).
 * Pure TypeScript over `fetch`: no Bun or Node API, except the optional file cache, which uses
 * node:fs/promises only when `cacheFile` is given without a `cache` of the caller's own.
 *
 *   const rates = createConfigClient({ baseUrl: "https://ops.example.com", token: "opst_…", table: "rates", cacheFile: "/var/cache/rates.json" });
 *   await rates.start();
 *   rates.get("cny")?.rate; rates.onChange((p) => log(p.release));
 */
export type ConfigClientOptions = {
  /** the OPS origin, e.g. https://ops.example.com (the client adds /api/v1/config/<table>/published) */
  baseUrl: string;
  /** an API token (opst_…) holding config:read:<table> or config:read:* — or a user's access token */
  token: string;
  table: string;
  /** consumer name and labels when `token` is a user's (a token's own name and labels win on the server) */
  consumer?: string;
  labels?: string[];
  /** where the last good copy is kept between runs */
  cacheFile?: string;
  /** the reader/writer of that copy (default: node:fs/promises on `cacheFile`) */
  cache?: ConfigCache;
  fetch?: typeof fetch;
  /** seconds each long-poll may be held by the server (1–60, default 30) */
  waitS?: number;
  /** backoff after a failed request: starts at minMs, doubles to maxMs (defaults 500 ms, 30 s) */
  backoff?: { minMs: number; maxMs: number };
  /** told of every failed request (the client keeps serving its copy and retries) */
  onError?: (error: ConfigClientError) => void;
};

export type ConfigCache = { read(): Promise<string | null>; write(text: string): Promise<void> };
export type ConfigRecordValues = Record<string, unknown>;

export class ConfigClientError extends Error {
  constructor(message: string, readonly status: number | null, readonly reason?: string) {
    super(message);
    this.name = "ConfigClientError";
  }
}

export type ConfigClient = {
  /** a record's values by key (undefined: no such key, or nothing loaded yet) */
  get(key: string): ConfigRecordValues | undefined;
  /** every record of the copy in hand */
  all(): Array<{ key: string; values: ConfigRecordValues }>;
  /** the whole copy in hand (release, version, gray) or null */
  current(): ConfigPublished | null;
  /** where the copy in hand came from */
  source(): "none" | "server" | "cache";
  /** called with each new release received; returns the way to stop listening */
  onChange(listener: (published: ConfigPublished) => void): () => void;
  /** loads the cached copy, fetches once (resolves after that attempt, success or not), then long-polls until stop() */
  start(): Promise<void>;
  stop(): void;
  /** one request without waiting; true when a new copy arrived */
  refresh(): Promise<boolean>;
};

type Envelope = { data?: ConfigPublished; reason?: string; message?: string };

export function createConfigClient(options: ConfigClientOptions): ConfigClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const waitS = Math.min(60, Math.max(1, Math.trunc(options.waitS ?? 30)));
  const backoff = options.backoff ?? { minMs: 500, maxMs: 30_000 };
  const cache = options.cache ?? (options.cacheFile ? fileCache(options.cacheFile) : null);
  const listeners = new Set<(p: ConfigPublished) => void>();
  let copy: ConfigPublished | null = null;
  let byKey = new Map<string, ConfigRecordValues>();
  let from: "none" | "server" | "cache" = "none";
  let etag: string | null = null;
  let running = false;
  let inFlight: AbortController | null = null;
  let sleeping: { timer: ReturnType<typeof setTimeout>; resolve: () => void } | null = null;

  function url(wait: boolean): string {
    const q = new URLSearchParams();
    if (wait) q.set("wait", String(waitS));
    if (options.consumer) q.set("consumer", options.consumer);
    if (options.labels?.length) q.set("labels", options.labels.join(","));
    const qs = q.toString();
    return `${options.baseUrl.replace(/\/+$/, "")}/api/v1/config/${encodeURIComponent(options.table)}/published${qs ? `?${qs}` : ""}`;
  }

  function take(p: ConfigPublished, source: "server" | "cache"): void {
    copy = p;
    byKey = new Map(p.records.map((r) => [r.key, r.values]));
    from = source;
    for (const l of listeners) {
      try {
        l(p);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  /** One request: true when a new copy arrived, false on 304; throws ConfigClientError otherwise. */
  async function once(wait: boolean): Promise<boolean> {
    const ctl = new AbortController();
    inFlight = ctl;
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: "application/json" };
      if (etag) headers["if-none-match"] = etag;
      let res: Response;
      try {
        res = await doFetch(url(wait && etag !== null), { headers, signal: ctl.signal });
      } catch (e) {
        throw new ConfigClientError(e instanceof Error ? e.message : String(e), null);
      }
      if (res.status === 304) {
        if (copy) from = "server";
        return false;
      }
      const body = (await res.json().catch(() => ({}))) as Envelope;
      if (res.status !== 200 || !body.data) throw new ConfigClientError(body.message ?? `HTTP ${res.status}`, res.status, body.reason);
      etag = res.headers.get("etag");
      take(body.data, "server");
      if (cache) await cache.write(JSON.stringify({ etag, published: body.data })).catch(() => {});
      return true;
    } finally {
      if (inFlight === ctl) inFlight = null;
    }
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sleeping = null;
        resolve();
      }, ms);
      sleeping = { timer, resolve };
    });
  }

  async function loop(): Promise<void> {
    let delay = backoff.minMs;
    while (running) {
      try {
        await once(true);
        delay = backoff.minMs;
      } catch (e) {
        if (!running) return;
        options.onError?.(e instanceof ConfigClientError ? e : new ConfigClientError(String(e), null));
        // jitter keeps a fleet of consumers from coming back in step after an outage
        await pause(delay * (0.75 + Math.random() * 0.5));
        delay = Math.min(backoff.maxMs, delay * 2);
      }
    }
  }

  async function loadCache(): Promise<void> {
    if (!cache || copy) return;
    const text = await cache.read().catch(() => null);
    if (!text) return;
    try {
      const saved = JSON.parse(text) as { etag: string | null; published: ConfigPublished };
      if (saved.published?.table !== options.table) return;
      etag = saved.etag;
      take(saved.published, "cache");
    } catch {
      /* an unreadable cache is no cache */
    }
  }

  return {
    get: (key) => byKey.get(key),
    all: () => copy?.records ?? [],
    current: () => copy,
    source: () => from,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (running) return;
      running = true;
      await loadCache();
      try {
        await once(false);
      } catch (e) {
        options.onError?.(e instanceof ConfigClientError ? e : new ConfigClientError(String(e), null));
      }
      if (running) void loop();
    },
    stop() {
      running = false;
      inFlight?.abort();
      if (sleeping) {
        clearTimeout(sleeping.timer);
        sleeping.resolve();
        sleeping = null;
      }
    },
    refresh: () => once(false),
  };
}

/** The last good copy in a file (written to a temporary name, then renamed: a crash never leaves half a file). */
function fileCache(path: string): ConfigCache {
  const fs = () => import("node:fs/promises");
  return {
    async read() {
      return (await fs()).readFile(path, "utf8").catch(() => null);
    },
    async write(text) {
      const { writeFile, rename } = await fs();
      const tmp = `${path}.${Date.now()}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, path);
    },
  };
}
