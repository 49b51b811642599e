/**
 * The whole chat path for end-to-end tests: a test system (its own database), the Slack, Feishu
 * and DingTalk stand-ins the test asks for, the bot attached with the real SDKs pointed at them,
 * and a loopback server the stand-ins send their signed callbacks to.
 */
import { createTestSystem, type Engine, type TestSystem } from "@ops/api/testing/harness.ts";
import {
  startDingTalkFake, startFeishuFake, startSlackFake, type DingTalkFake, type FeishuFake, type SlackFake,
} from "../../../scripts/fakes/index.ts";
import type { NotifyEvent } from "@ops/api/modules/notify/index.ts";
import type { EmbeddedQueueDriver } from "@ops/api/platform/queue/index.ts";
import { attachBot, type AttachedBot } from "../wire.ts";

export type BotHarnessOptions = {
  slack?: boolean | { socket?: boolean };
  /** fromConfig: the app credentials are not in env but in the config center's system-im record, written before the bot starts */
  feishu?: boolean | { encryptKey?: string; mode?: "webhook" | "ws"; fromConfig?: boolean };
  dingtalk?: boolean | { mode?: "stream" | "http"; now?: () => number };
  /** run the notification worker too (IM deliveries) */
  notify?: boolean;
  /** OPS_PUBLIC_URL; null leaves it unset (links then take the callback's origin) */
  publicUrl?: string | null;
  /** the store engine (default SQLite in memory) */
  engine?: Engine;
  /** more env for the system (e.g. OPS_EDGE_SECRET for the edge worker's test) */
  env?: Record<string, string>;
};

export type LogLine = { level: "debug" | "info" | "warn" | "error"; msg: string; fields: Record<string, unknown> };

export type BotHarness = TestSystem & {
  bot: AttachedBot;
  /** every line the bot logged (its logger is the system's child `{module: "bot"}`) */
  logs: LogLine[];
  /** where the stand-ins send callbacks: `${url}/bot/slack/events` … */
  url: string;
  slack?: SlackFake;
  feishu?: FeishuFake;
  dingtalk?: DingTalkFake;
  /** Binds a chat account to an OPS user the way users do: the bot asks for a code, the user confirms it. */
  bind(platform: "slack" | "feishu" | "dingtalk", externalUserId: string, username: string): Promise<void>;
  /** Resolves once these queues have nothing waiting, delayed or running (default: inbound answered and posted). */
  settled(...queues: string[]): Promise<void>;
  asChat(platform: string, externalUserId: string): Record<string, string>;
  /** Moves the system clock (delayed retries fall due) and wakes the queue's waiting workers. */
  advance(ms: number): void;
  /** Resolves on the bot worker's next job outcome of this kind (e.g. a retry scheduled on im-delivery). */
  botJob(queue: string, type: "completed" | "retry" | "dead"): Promise<void>;
  /** Resolves with the first notification-center event matching `pred` from now on. */
  notifyEvent(pred: (e: NotifyEvent) => boolean, what: string): Promise<NotifyEvent>;
};

export async function startBotHarness(opts: BotHarnessOptions = {}): Promise<BotHarness> {
  const slack = opts.slack ? await startSlackFake() : undefined;
  const feishuOpts = typeof opts.feishu === "object" ? opts.feishu : {};
  const feishu = opts.feishu ? await startFeishuFake(feishuOpts.encryptKey ? { encryptKey: feishuOpts.encryptKey } : {}) : undefined;
  const dingtalkNow = typeof opts.dingtalk === "object" ? opts.dingtalk.now : undefined;
  const dingtalk = opts.dingtalk ? await startDingTalkFake(dingtalkNow ? { now: dingtalkNow } : {}) : undefined;
  const env: Record<string, string> = opts.publicUrl === null ? {} : { OPS_PUBLIC_URL: opts.publicUrl ?? "https://ops.example.com" };
  if (slack) Object.assign(env, { SLACK_SIGNING_SECRET: slack.signingSecret, SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl });
  if (slack && typeof opts.slack === "object" && opts.slack.socket) env.SLACK_APP_TOKEN = slack.appToken;
  if (feishu && feishuOpts.fromConfig) Object.assign(env, { FEISHU_DOMAIN: feishu.url, FEISHU_MODE: feishuOpts.mode ?? "webhook" });
  else if (feishu) {
    Object.assign(env, {
      FEISHU_APP_ID: feishu.appId, FEISHU_APP_SECRET: feishu.appSecret, FEISHU_VERIFICATION_TOKEN: feishu.verificationToken,
      FEISHU_DOMAIN: feishu.url, FEISHU_MODE: feishuOpts.mode ?? "webhook", ...(feishuOpts.encryptKey ? { FEISHU_ENCRYPT_KEY: feishuOpts.encryptKey } : {}),
    });
  }
  if (dingtalk) {
    const mode = typeof opts.dingtalk === "object" ? (opts.dingtalk.mode ?? "stream") : "stream";
    Object.assign(env, {
      DINGTALK_CLIENT_ID: dingtalk.clientId, DINGTALK_CLIENT_SECRET: dingtalk.clientSecret, DINGTALK_API_URL: dingtalk.url,
      DINGTALK_GATEWAY_URL: dingtalk.gatewayUrl, DINGTALK_MODE: mode,
    });
  }
  Object.assign(env, opts.env ?? {});
  const ts = await createTestSystem({ env, ...(opts.engine ? { engine: opts.engine } : {}) });
  if (feishu && feishuOpts.fromConfig) {
    const values = { platform: "feishu", app_id: feishu.appId, app_secret: feishu.appSecret, signing_secret: feishu.verificationToken, encrypt_key: feishuOpts.encryptKey ?? null };
    const made = await ts.req("POST", "/api/v1/config/tables/system-im/records", { token: await ts.login("admin"), body: { values, reason: "飞书应用凭据" } });
    if (made.status !== 201) throw new Error(`system-im record failed: ${JSON.stringify(made.body)}`);
  }
  // Signatures are checked against real time: the stand-ins sign with it.
  let jobEvents = 0;
  const listeners = new Set<() => void>();
  const outcomes = new Set<(e: { queue: string; type: string }) => void>();
  const onJobEvent = (e: { queue: string; type: string }) => {
    jobEvents++;
    for (const l of listeners) l();
    for (const o of outcomes) o(e);
  };
  const nextJobEvent = (after: number) => new Promise<void>((resolve) => {
    const check = () => {
      if (jobEvents > after) {
        listeners.delete(check);
        resolve();
      }
    };
    listeners.add(check);
    check();
  });
  const logs: LogLine[] = [];
  recordBotLogs(ts.system.logger, logs);
  const bot = await attachBot(ts.system, { now: () => Date.now(), dingtalkSupervisor: { minBackoffMs: 20, maxBackoffMs: 200 }, onJobEvent });
  if (opts.notify) ts.system.notify.start();
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: bot.fetch });
  const asChat = (platform: string, externalUserId: string) => ({
    authorization: `Bot ${ts.system.botKey}`, "x-ops-chat-platform": platform, "x-ops-chat-user": externalUserId,
  });
  return {
    ...ts,
    bot, slack, feishu, dingtalk, asChat, logs,
    url: `http://127.0.0.1:${server.port}`,
    async bind(platform, externalUserId, username) {
      const req = await ts.req("POST", "/api/v1/im/bind-requests", { headers: asChat(platform, externalUserId), body: {} });
      if (req.status !== 201) throw new Error(`bind request failed: ${JSON.stringify(req.body)}`);
      const token = await ts.login(username);
      const confirmed = await ts.req("POST", "/api/v1/im/bindings", { token, body: { code: req.body.data.code } });
      if (confirmed.status !== 200) throw new Error(`bind confirm failed: ${JSON.stringify(confirmed.body)}`);
    },
    advance(ms) {
      ts.clock.advance(ms);
      (ts.system.queue as Partial<EmbeddedQueueDriver>).nudge?.();
    },
    botJob(queue, type) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (outcomes.delete(listener), reject(new Error(`no ${type} on ${queue}`))), 8000);
        const listener = (e: { queue: string; type: string }) => {
          if (e.queue !== queue || e.type !== type) return;
          clearTimeout(timer);
          outcomes.delete(listener);
          resolve();
        };
        outcomes.add(listener);
      });
    },
    notifyEvent(pred, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (off(), reject(new Error(`no notify event: ${what}`))), 8000);
        const off = ts.system.notify.events.on((e) => {
          if (!pred(e)) return;
          clearTimeout(timer);
          off();
          resolve(e);
        });
      });
    },
    async settled(...queues: string[]) {
      const names = queues.length ? queues : ["chat-inbound", "im-delivery"];
      for (;;) {
        const seen = jobEvents;
        const stats = await Promise.all(names.map((q) => ts.system.queue.stats(q)));
        if (stats.every((s) => s.waiting + s.delayed + s.active === 0)) return;
        await nextJobEvent(seen);
      }
    },
    async close() {
      await bot.stop();
      await server.stop(true);
      await Promise.all([slack?.stop(), feishu?.stop(), dingtalk?.stop()]);
      await ts.close();
    },
  };
}

type AnyLogger = TestSystem["system"]["logger"];

/** The bot's child logger, recorded as well as written (tests assert on warnings and drops). */
function recordBotLogs(logger: AnyLogger, logs: LogLine[]): void {
  const child = logger.child.bind(logger);
  logger.child = (bindings) => {
    const inner = child(bindings);
    if (bindings.module !== "bot") return inner;
    const rec = (level: LogLine["level"]) => (msg: string, fields?: Record<string, unknown>) => {
      logs.push({ level, msg, fields: fields ?? {} });
      inner[level](msg, fields);
    };
    return { ...inner, debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") };
  };
}
