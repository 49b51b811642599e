/**
 * Upstash Redis REST stand-in over the machine's redis-server, for the edge worker (no npm package
 * serves one locally). It speaks what @upstash/redis 1.39 sends: `POST /` with a command array →
 * `{result}`, `POST /pipeline` and `POST /multi-exec` with an array of command arrays → `[{result} |
 * {error}]`, `Authorization: Bearer <token>`, and with `Upstash-Encoding: base64` every string
 * result base64-encoded except the status reply "OK" (the client decodes all other strings).
 * A command error is HTTP 400 `{error}` (the client throws it), as Upstash answers.
 *
 * Every key goes under `keyPrefix` (ioredis prefixes the key arguments it knows), so a test run
 * has its own keys; `clear()` deletes them.
 *
 *   bun scripts/fakes/upstash.ts    # REDIS_URL (default redis://127.0.0.1:6379), PORT, prints URL and token
 */
import IORedis from "ioredis";
import { randomBytes } from "node:crypto";
import { serveFake } from "./chat-server.ts";

export interface UpstashFake {
  /** UPSTASH_REDIS_REST_URL */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN */
  token: string;
  keyPrefix: string;
  /** every command received, in order (pipeline members one by one) */
  commands: string[][];
  /** Deletes every key under keyPrefix. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export type UpstashFakeOptions = { redisUrl?: string; token?: string; keyPrefix?: string; port?: number };

type Reply = { result: unknown } | { error: string };

/** Buffers (ioredis callBuffer replies) → base64 or utf-8 strings, recursively. */
function encode(value: unknown, base64: boolean): unknown {
  if (Buffer.isBuffer(value)) {
    const text = value.toString("utf8");
    return base64 && text !== "OK" ? value.toString("base64") : text;
  }
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  return value ?? null;
}

function isCommand(v: unknown): v is Array<string | number> {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" || typeof x === "number");
}

export async function startUpstashFake(opts: UpstashFakeOptions = {}): Promise<UpstashFake> {
  const keyPrefix = opts.keyPrefix ?? `upstash-fake:${randomBytes(4).toString("hex")}:`;
  const token = opts.token ?? `fake-upstash-${randomBytes(8).toString("hex")}`;
  const redis = new IORedis(opts.redisUrl ?? "redis://127.0.0.1:6379", { keyPrefix, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const commands: string[][] = [];

  const run = async (command: Array<string | number>, base64: boolean): Promise<Reply> => {
    commands.push(command.map(String));
    const [name, ...args] = command;
    try {
      return { result: encode(await redis.callBuffer(String(name), ...args.map(String)), base64) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  };

  const http = await serveFake({
    port: opts.port,
    fetch: async (req) => {
      if (req.headers.get("authorization") !== `Bearer ${token}`) return Response.json({ error: "Unauthorized" }, { status: 401 });
      if (req.method !== "POST") return Response.json({ error: "only POST is served here" }, { status: 405 });
      const base64 = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
      let body: unknown;
      try {
        body = await req.json();
      } catch {
        return Response.json({ error: "ERR failed to parse the command" }, { status: 400 });
      }
      const path = new URL(req.url).pathname.replace(/\/+$/, "");
      if (path === "" || path === "/") {
        if (!isCommand(body)) return Response.json({ error: "ERR the body must be a command array" }, { status: 400 });
        const reply = await run(body, base64);
        return Response.json(reply, { status: "error" in reply ? 400 : 200 });
      }
      if (path === "/pipeline" || path === "/multi-exec") {
        if (!Array.isArray(body) || !body.every(isCommand)) return Response.json({ error: "ERR the body must be an array of commands" }, { status: 400 });
        if (path === "/pipeline") return Response.json(await Promise.all(body.map((c) => run(c, base64))));
        for (const c of body) commands.push(c.map(String));
        const tx = redis.multi();
        for (const [name, ...args] of body) tx.callBuffer(String(name), ...args.map(String));
        const results = (await tx.exec()) ?? [];
        return Response.json(results.map(([err, result]): Reply => (err ? { error: err.message } : { result: encode(result, base64) })));
      }
      return Response.json({ error: `ERR unknown endpoint ${path}` }, { status: 404 });
    },
  });

  return {
    url: http.url,
    token,
    keyPrefix,
    commands,
    async clear() {
      // SCAN and DEL take raw keys: ioredis does not prefix them.
      const raw = new IORedis(opts.redisUrl ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1 });
      await raw.connect();
      try {
        let cursor = "0";
        do {
          const [next, keys] = await raw.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 500);
          if (keys.length) await raw.del(...keys);
          cursor = next;
        } while (cursor !== "0");
      } finally {
        raw.disconnect();
      }
    },
    async stop() {
      await http.stop();
      redis.disconnect();
    },
  };
}

if (import.meta.main) {
  const fake = await startUpstashFake({ port: Number(process.env.PORT ?? 0), ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}) });
  console.log(`Upstash REST stand-in on ${fake.url}`);
  console.log(`  UPSTASH_REDIS_REST_URL=${fake.url}`);
  console.log(`  UPSTASH_REDIS_REST_TOKEN=${fake.token}`);
  console.log(`  keys under ${fake.keyPrefix}`);
  process.on("SIGINT", () => void fake.clear().then(() => fake.stop()).then(() => process.exit(0)));
}
