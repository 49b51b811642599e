import { parseEnv } from "../../env.ts";
import { buildSystem, type BuildOptions } from "../../system.ts";
import { fixedClock } from "../../platform/clock.ts";
import { createLogger } from "../../platform/logger.ts";
import type { EmbeddedQueueDriver } from "../../platform/queue/index.ts";
import {
  createHttpSmsTransport, createSmtpTransport, createWebhookTransport, createWebPushTransport, type Lookup,
} from "../../platform/notify-transports/index.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD, type Engine, type Reply, type TestSystem } from "../../testing/harness.ts";
import { testDatabase } from "../../testing/databases.ts";
import { untilSignalled } from "../../testing/until.ts";
import { startFakePush, type FakePush } from "../../../../scripts/fakes/push.ts";
import { startFakeSms, type FakeSms } from "../../../../scripts/fakes/sms.ts";
import { startFakeSmtp, type FakeSmtp } from "../../../../scripts/fakes/smtp.ts";
import type { Notify, NotifyEvent, NotifyOptions } from "./index.ts";

/**
 * A test system with the notification center on real transports pointed at local stand-ins:
 * nodemailer → fake SMTP, web-push → TLS fake push service, HTTP SMS → fake provider. Tests
 * await notify events (`until`) and move time with the test clock (`advance`), never sleep.
 */
export type NotifyKit = {
  s: TestSystem;
  notify: Notify;
  smtp: FakeSmtp;
  sms: FakeSms;
  push: FakePush;
  events: NotifyEvent[];
  /** Resolves when `check` holds, re-checked after every notify event. */
  until(check: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  /** Moves the test clock and wakes the queue's waiters. */
  advance(ms: number): void;
  userId(username: string): Promise<string>;
  api(method: string, path: string, token?: string, body?: unknown): Promise<Reply>;
  close(): Promise<void>;
};

export const TEST_OPTIONS: Partial<NotifyOptions> = { attempts: 3, backoffMs: 1_000, ratePerMinute: 100, digestWindowMs: 60_000, concurrency: 4 };

export type NotifyKitOptions = {
  engine?: Engine;
  options?: Partial<NotifyOptions>;
  /** More env (e.g. OPS_WEBHOOK_ALLOW_PRIVATE=1 for receivers on 127.0.0.1). */
  env?: Record<string, string>;
  /** Name resolution of the webhook transport (default: the system's). */
  webhookLookup?: Lookup;
  /** false: the delivery worker is not started (the test starts it with `notify.start()`). */
  worker?: boolean;
};

export async function createNotifyKit(opts: NotifyKitOptions = {}): Promise<NotifyKit> {
  const [smtp, sms, push] = [await startFakeSmtp(), startFakeSms({ token: "sms-token" }), startFakePush()];
  const s = await notifySystem(opts.engine ?? "sqlite", opts, {
    notifyTransports: {
      mail: createSmtpTransport({ url: smtp.url, from: "OPS <noreply@ops.example.com>", timeoutMs: 5_000 }),
      push: createWebPushTransport({ agent: push.agent(), timeoutMs: 5_000 }),
      sms: createHttpSmsTransport({ url: sms.url, token: "sms-token" }),
    },
    notifyOptions: { ...TEST_OPTIONS, ...opts.options },
  });
  if (opts.worker !== false) s.system.notify.start();
  return kitAround(s, s.system.notify, { smtp, sms, push });
}

/**
 * The harness's test system (same env, demo data, silent logger, app.request) built with the
 * stand-in transports, which createTestSystem cannot pass to buildSystem.
 */
async function notifySystem(
  engine: Engine, opts: Pick<NotifyKitOptions, "env" | "webhookLookup">, build: Pick<BuildOptions, "notifyTransports" | "notifyOptions">,
): Promise<TestSystem> {
  const db = await testDatabase(engine);
  const clock = fixedClock(new Date());
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_DEMO: "1", OPS_SECRET_KEY: "test-secret-key-0123456789", OPS_TRUST_PROXY: "1",
    OPS_DATA_DIR: "./.tmp/test-data", OPS_PWA_DIST: "./.tmp/no-pwa", OPS_DB_POOL_MAX: "3", OPS_PUBLIC_URL: "https://ops.example.com",
    ...opts.env,
  });
  // The webhook transport as the wiring makes it from env, with the test's resolver.
  const webhook = createWebhookTransport({ allowPrivate: env.OPS_WEBHOOK_ALLOW_PRIVATE, lookup: opts.webhookLookup });
  const notifyTransports = { ...build.notifyTransports, webhook };
  // the demo's people without their inbox history: these suites count every mail, SMS and push sent
  const system = await buildSystem(env, {
    clock, databaseUrl: db.url, logger: createLogger("silent"), metricsDefaults: false, ...build, notifyTransports, demoSeeders: ["company"],
  });
  const req: TestSystem["req"] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers, ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) };
    if (o.body !== undefined) headers["content-type"] ??= "application/json";
    const body = o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
    const res = await system.app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as never, headers: res.headers };
  };
  const login = async (username: string) => {
    const r = await req("POST", "/api/v1/auth/login", { body: { username, password: username === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.data.access_token as string;
  };
  return { system, clock, req, login, close: async () => (await system.close(), await db.drop()) };
}

function kitAround(s: TestSystem, notify: Notify, fakes: { smtp: FakeSmtp; sms: FakeSms; push: FakePush }): NotifyKit {
  const events: NotifyEvent[] = [];
  notify.events.on((e) => events.push(e));
  return {
    s, notify, ...fakes, events,
    until: (check, what, timeoutMs = 10_000) => until(notify, check, what, timeoutMs, events),
    advance(ms) {
      s.clock.advance(ms);
      (s.system.queue as Partial<EmbeddedQueueDriver>).nudge?.();
    },
    async userId(username) {
      const row = await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ? AND deleted_at IS NULL", [username]);
      if (!row) throw new Error(`fixture: no user ${username}`);
      return row.id;
    },
    api: (method, path, token, body) => s.req(method, `/api/v1${path}`, { token, body }),
    async close() {
      await s.close();
      await Promise.all([fakes.smtp.close(), fakes.sms.close(), fakes.push.close()]);
    },
  };
}

function until(notify: Notify, check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, events: NotifyEvent[]): Promise<void> {
  return untilSignalled([(wake) => notify.events.on(wake)], check, () => `${what}; events: ${JSON.stringify(events.slice(-12))}`, timeoutMs);
}

/** Send-log rows of a user (or all), oldest first, straight from the store. */
export async function logRows(kit: NotifyKit, where: { userId?: string; eventId?: string } = {}) {
  const filters = Object.entries({ user_id: where.userId, event_id: where.eventId }).filter(([, v]) => v !== undefined);
  const clauses = filters.map(([column]) => `${column} = ?`);
  const params = filters.map(([, value]) => value);
  return kit.s.system.db.all<{ channel: string; status: string; attempt: number; error: string | null; delivery_id: string; event_id: string; target: string | null }>(
    `SELECT channel, status, attempt, error, delivery_id, event_id, target FROM notify_send_log ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""}
      ORDER BY created_at, id`,
    params,
  );
}

/** Binds an IM identity (as the bot's `bind` would) so the IM channel can reach the user. */
export async function bindIm(kit: NotifyKit, userId: string, provider = "feishu", subject = `ou_${userId.slice(-6)}`) {
  await kit.s.system.db.run("INSERT INTO user_identities (id, user_id, provider, subject, profile, created_at) VALUES (?, ?, ?, ?, NULL, ?)", [
    `${userId}-${provider}`, userId, provider, subject, kit.s.clock.now().toISOString(),
  ]);
}
