import { attachBot } from "@ops/bot/wire.ts";
import { parseEnv, EnvError } from "./env.ts";
import { buildSystem } from "./system.ts";
import { startBanner } from "./start-banner.ts";
import { startPeriodic } from "./platform/periodic.ts";
import { consumersOf } from "./platform/queue/index.ts";
import type { Server } from "bun";
import { roleFetch } from "./lifecycle/roles.ts";
import { createStreamCloser } from "./lifecycle/streams.ts";
import { createShutdown, shutdownSteps } from "./lifecycle/shutdown.ts";

/**
 * The only wiring entry (the composition root): parse env once, build the system, attach the
 * chat bot (the only place the API side meets the bot, DESIGN.md §3.5), serve.
 */
async function main() {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // The first admin waits for the port (below): a start that cannot listen must not create it.
  const system = await buildSystem(env, { firstAdmin: "later" });
  // Every process has the bot core (the web console needs it); the bot role takes chat traffic in,
  // the worker role answers it (like every other queue consumer).
  const bot = await attachBot(system, { intake: env.OPS_ROLES.includes("bot"), workers: env.OPS_ROLES.includes("worker") });
  // /readyz by role (the store, and the queue on the worker role, come from the system); not ready until the start
  // below has finished (consumers running, timers armed, the first admin created)
  let started = false;
  system.readiness.add("started", () => started);
  const consumers = consumersOf(system.queue);
  if (env.OPS_ROLES.includes("worker")) system.readiness.add("consumers", () => consumers.queues().length > 0);
  let timersArmed = false;
  if (env.OPS_ROLES.includes("scheduler")) system.readiness.add("scheduler", () => timersArmed && system.jobs.scheduler !== null);
  // live updates (event streams, cache invalidation) reach this process over the bus: while its subscription is down
  // (Redis, PostgreSQL LISTEN; reconnecting by itself) the balancer sends users elsewhere. The local bus is always up.
  if (env.OPS_ROLES.includes("web")) system.readiness.add("bus", () => system.bus.listening());
  // Each chat platform's client is reported (`connections`, `degraded` in /readyz, the nodes page) but does not fail
  // readiness: socket-mode clients receive over their own outbound connections, and the balancer routes only HTTP
  // here (the other platforms' webhooks), which one platform reconnecting does not stop.
  if (env.OPS_ROLES.includes("bot")) for (const { name, check } of bot.readyChecks()) system.readiness.connection(name, check);
  // Without the web role only the probes (and /bot/* with the bot role) are served; event streams are tracked so a
  // shutdown can end them.
  const streams = createStreamCloser();
  const fetch = roleFetch(env.OPS_ROLES, (request: Request, srv: Server<unknown>) => {
    const response = bot.fetch(request, srv);
    return response instanceof Promise ? response.then(streams.track) : streams.track(response);
  });
  // Bun ends a connection after 10 s without traffic by default; the notification stream's
  // heartbeat is every 25 s, so give idle connections longer than that.
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({ port: env.PORT, hostname: env.HOST, fetch, idleTimeout: 120 });
  } catch (e) {
    system.logger.error("OPS cannot listen", { port: env.PORT, host: env.HOST, err: e });
    await bot.stop();
    await system.close();
    process.exit(1);
  }
  // Queue consumers run only in processes with the worker role (OPS_ROLES); notify's stranded sweep on the scheduler role.
  system.notify.start({ worker: env.OPS_ROLES.includes("worker"), scheduler: env.OPS_ROLES.includes("scheduler") });
  // the delivery worker on the worker role, the retention pass (OPS_WEBHOOK_KEEP_DAYS) on the scheduler role
  system.webhooks.start({ worker: env.OPS_ROLES.includes("worker"), scheduler: env.OPS_ROLES.includes("scheduler") });
  await system.jobs.start({ worker: env.OPS_ROLES.includes("worker"), scheduler: env.OPS_ROLES.includes("scheduler") });
  system.flows.start({ scheduler: env.OPS_ROLES.includes("scheduler") });
  system.tickets.start({ scheduler: env.OPS_ROLES.includes("scheduler") });
  system.approvals.timeouts.start({ scheduler: env.OPS_ROLES.includes("scheduler") });
  system.configRelease.start({ scheduler: env.OPS_ROLES.includes("scheduler") });
  // config history: a daily pass prunes tables nobody writes again (keep_history_days)
  system.config.start({ scheduler: env.OPS_ROLES.includes("scheduler") });
  system.reports.start({ scheduler: env.OPS_ROLES.includes("scheduler"), worker: env.OPS_ROLES.includes("worker") });
  // every process samples and reports itself; the scheduler role evaluates alert rules and runs the detectors.
  // A drain asked for on the nodes page stops every queue consumer here once its in-flight jobs have finished.
  system.monitor.start({
    scheduler: env.OPS_ROLES.includes("scheduler"), worker: env.OPS_ROLES.includes("worker"), onDrain: async () => void (await consumersOf(system.queue).drain()),
  });
  // the address books of the configured chat platforms, applied on a schedule (OPS_DIRECTORY_SYNC_HOURS)
  let stopDirectorySync = () => {};
  if (env.OPS_ROLES.includes("scheduler") && env.OPS_DIRECTORY_SYNC_HOURS > 0) {
    stopDirectorySync = startPeriodic(() => system.iam.directorySync.scheduled(), (e) => system.logger.warn("directory sync pass failed", { err: e }), env.OPS_DIRECTORY_SYNC_HOURS * 3600_000);
  }
  timersArmed = env.OPS_ROLES.includes("scheduler");
  const adminSeed = await system.seedAdmin();
  started = true;
  // the nodes page shows it ready now, not at the next heartbeat
  void system.monitor.parts.nodes.beat().catch(() => {});
  console.log(startBanner({
    host: env.HOST, port: server.port!, publicUrl: env.OPS_PUBLIC_URL, generatedPassword: adminSeed.generatedPassword, demo: env.OPS_DEMO,
  }));
  system.logger.info("OPS listening", {
    url: `http://${server.hostname}:${server.port}`, demo: env.OPS_DEMO, chat: [...bot.adapters.map((a) => a.platform), "web"],
  });
  const logger = system.logger.child({ module: "shutdown" });
  const shutdown = createShutdown({
    timeoutMs: env.OPS_SHUTDOWN_TIMEOUT_S * 1000,
    logger,
    exit: (code) => process.exit(code),
    steps: shutdownSteps({
      drainReadiness: async () => {
        system.readiness.drain();
        // the nodes page shows it draining now, not at the next heartbeat
        await system.monitor.parts.nodes.beat().catch((e: unknown) => logger.warn("node report failed", { err: e }));
      },
      endStreams: () => void streams.endAll(),
      stopServer: (force) => server.stop(force),
      probesOnly: !env.OPS_ROLES.includes("web") && !env.OPS_ROLES.includes("bot"),
      // every timer of the scheduler role, before the HTTP grace and the drain: a draining scheduler starts no pass
      // after it handed its work back (the timers of every role, samples and node reports, go on until close)
      stopSchedulers: async () => {
        timersArmed = false;
        stopDirectorySync();
        system.tickets.stop();
        system.approvals.timeouts.stop();
        system.configRelease.stop();
        system.config.stop();
        system.webhooks.stopScheduler();
        system.reports.stopScheduler();
        await Promise.all([system.jobs.stopScheduler(), system.notify.stopScheduler(), system.flows.stopScheduler(), system.monitor.stopScheduler(), system.audit.stop()]);
      },
      disconnectChat: () => bot.disconnect(),
      drainConsumers: (deadlineMs) => consumers.drain({ deadlineMs }),
      markStopped: () => system.monitor.parts.nodes.stop(),
      close: async () => {
        await bot.stop();
        await system.close();
      },
    }, { httpGraceMs: Math.min(10_000, env.OPS_SHUTDOWN_TIMEOUT_S * 400), closeReserveMs: Math.min(3_000, env.OPS_SHUTDOWN_TIMEOUT_S * 200), logger }),
  });
  process.on("SIGINT", () => void shutdown.signal("SIGINT"));
  process.on("SIGTERM", () => void shutdown.signal("SIGTERM"));
}

await main();
