import { attachBot } from "@ops/bot/wire.ts";
import { parseEnv, EnvError } from "./env.ts";
import { buildSystem } from "./system.ts";
import { startBanner } from "./start-banner.ts";
import { startPeriodic } from "./platform/periodic.ts";
import { consumersOf } from "./platform/queue/index.ts";

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
  // Bun ends a connection after 10 s without traffic by default; the notification stream's
  // heartbeat is every 25 s, so give idle connections longer than that.
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({ port: env.PORT, hostname: env.HOST, fetch: bot.fetch, idleTimeout: 120 });
  } catch (e) {
    system.logger.error("OPS cannot listen", { port: env.PORT, host: env.HOST, err: e });
    await bot.stop();
    await system.close();
    process.exit(1);
  }
  // Queue consumers run only in processes with the worker role (OPS_ROLES).
  if (env.OPS_ROLES.includes("worker")) {
    system.notify.start();
  }
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
  if (env.OPS_ROLES.includes("scheduler") && env.OPS_DIRECTORY_SYNC_HOURS > 0) {
    startPeriodic(() => system.iam.directorySync.scheduled(), (e) => system.logger.warn("directory sync pass failed", { err: e }), env.OPS_DIRECTORY_SYNC_HOURS * 3600_000);
  }
  const adminSeed = await system.seedAdmin();
  console.log(startBanner({
    host: env.HOST, port: server.port!, publicUrl: env.OPS_PUBLIC_URL, generatedPassword: adminSeed.generatedPassword, demo: env.OPS_DEMO,
  }));
  system.logger.info("OPS listening", {
    url: `http://${server.hostname}:${server.port}`, demo: env.OPS_DEMO, chat: [...bot.adapters.map((a) => a.platform), "web"],
  });
  const stop = async () => {
    server.stop();
    await bot.stop();
    await system.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

await main();
