/**
 * Attaches the bot to a built system (used by api/src/main.ts, the composition root, and by tests):
 * adapters from env, the core over the system's queue and `app.fetch`, the web console in the
 * API's slot, and one `fetch` that sends /bot/* to the adapters' webhooks and the rest to the API.
 */
import type { System } from "@ops/api/system.ts";
import type { Server } from "bun";
import { runWorker } from "@ops/api/platform/queue/index.ts";
import { adaptersFromEnv, envChatPlatforms, withStoredCredentials, type ChatEnv } from "./adapters/from-env.ts";
import { createApiClient } from "./core/api-client.ts";
import { storedChatCredentials } from "./core/chat-credentials.ts";
import type { SupervisorOptions } from "./adapters/dingtalk/index.ts";
import { createBot } from "./core/bot.ts";
import { imageFetcher } from "./core/card-images.ts";
import type { HttpChatAdapter } from "./core/port.ts";
import type { BotQueue } from "./core/queue-port.ts";
import { webhookApp } from "./webhooks.ts";

export type AttachOptions = {
  /** take chat traffic in: webhooks answer and sockets connect (the `bot` role); default true */
  intake?: boolean;
  /** answer it: the chat and IM-delivery workers (the `worker` role); default true */
  workers?: boolean;
  /** replaces the adapters built from env (tests) */
  adapters?: HttpChatAdapter[];
  now?: () => number;
  dingtalkSupervisor?: Partial<SupervisorOptions>;
  /** every bot job's outcome (tests await these instead of polling) */
  onJobEvent?: (event: { queue: string; type: string }) => void;
};

export async function attachBot(system: System, options: AttachOptions = {}) {
  const logger = system.logger.child({ module: "bot" });
  const deps = {
    now: options.now ?? (() => system.clock.now().getTime()), logger, appUrl: system.env.OPS_PUBLIC_URL,
    fetchImage: imageFetcher({ appUrl: system.env.OPS_PUBLIC_URL, apiFetch: (r) => system.app.fetch(r), logger }),
  };
  const adapters = options.adapters ?? await adaptersFromEnv(await chatEnv(system, logger), { ...deps, dingtalkSupervisor: options.dingtalkSupervisor });
  const bot = createBot({ fetch: (r) => system.app.fetch(r), botKey: system.botKey, queue: queuePort(system, options.onJobEvent), adapters, logger, now: deps.now });
  system.chatConsole.current = bot.console;

  const edgeSecret = system.env.OPS_EDGE_SECRET;
  const webhooks = webhookApp(adapters.flatMap((a) => a.routes), system.env.OPS_TRUST_PROXY, edgeSecret ? { secret: edgeSecret, logger } : undefined);
  if (!system.env.OPS_PUBLIC_URL && adapters.length) {
    logger.warn("OPS_PUBLIC_URL is not set: bind links in chat take the origin the platform's callback reached (none over Socket Mode, Feishu ws or DingTalk Stream: the card shows the code instead)", {
      platforms: adapters.map((a) => a.platform),
    });
  }
  // `server` must reach the API: it is how the API learns the client's address (rate limits, audit).
  const fetch = (request: Request, server?: Server<unknown>): Response | Promise<Response> =>
    // the path starts at the first "/" after the scheme's "//" (cheaper than parsing the URL on every request)
    request.url.startsWith("/bot/", request.url.indexOf("/", request.url.indexOf("//") + 2)) ? webhooks.fetch(request) : system.app.fetch(request, server);

  if (options.intake ?? true) await bot.startAdapters();
  if (options.workers ?? true) bot.startWorkers();
  return {
    bot,
    adapters,
    fetch,
    /** disconnects the chat platforms' clients (a shutdown's first bot step); the workers drain with the queue's */
    disconnect: () => bot.stopAdapters(),
    /** readiness of the bot role: one check per configured platform (`chat:slack`…), up while taking traffic in */
    readyChecks: () => bot.intakeUp().map(({ platform }) => ({
      name: `chat:${platform}`, check: () => bot.intakeUp().find((a) => a.platform === platform)?.up ?? false,
    })),
    async stop() {
      system.chatConsole.current = null;
      await bot.stop();
    },
  };
}

export type AttachedBot = Awaited<ReturnType<typeof attachBot>>;

/**
 * Env's chat credentials, completed from the config center's system-im records for the platforms env leaves
 * unset (env wins). Read through the API with the bot's own key, as a separate bot process would.
 */
async function chatEnv(system: System, logger: System["logger"]): Promise<ChatEnv> {
  if (envChatPlatforms(system.env).length === 3) return system.env;
  const api = createApiClient({ fetch: (r) => system.app.fetch(r), botKey: system.botKey });
  const { env, fromStore } = withStoredCredentials(system.env, await storedChatCredentials(api, logger));
  if (fromStore.length) logger.info("chat credentials from the config center (system-im)", { platforms: fromStore });
  return env;
}

/** The system's queue driver as the bot's queue port. */
function queuePort(system: System, onJobEvent: AttachOptions["onJobEvent"]): BotQueue {
  return {
    enqueue: (queue, name, payload, opts) => system.queue.enqueue(queue, name, payload, opts),
    payloadOf: async (queue, id) => (await system.queue.getJob(queue, id))?.payload ?? null,
    work: (queue, handler, opts) =>
      runWorker(system.queue, queue, (job) => handler({ name: job.name, payload: job.payload, attempt: job.attempt, maxAttempts: job.maxAttempts }), {
        concurrency: opts?.concurrency,
        onEvent: (e) => {
          onJobEvent?.({ queue, type: e.type });
          if (e.type === "dead" || e.type === "retry") system.logger.warn("bot job failed", { queue, outcome: e.type, err: e.error, name: e.job.name });
        },
      }),
  };
}
