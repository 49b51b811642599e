/**
 * An OPS worker process of its own, for the kill test (node-kill.test.ts):
 * `bun node-process.fixture.ts <postgres url> <heartbeat ms>`. Builds the system on that store with OPS_ROLES=worker,
 * starts it as main.ts does (queue consumers, monitor, drain) and prints "ready <node id>" once its first report is written.
 */
import { parseEnv } from "../../../env.ts";
import { createLogger } from "../../../platform/logger.ts";
import { consumersOf } from "../../../platform/queue/index.ts";
import { buildSystem } from "../../../system.ts";

const [url, heartbeat] = process.argv.slice(2);
const env = parseEnv({
  OPS_ROLES: "worker", OPS_DEMO: "0", OPS_SECRET_KEY: "test-secret-key-0123456789", OPS_DATA_DIR: "./.tmp/test-data", OPS_PWA_DIST: "./.tmp/no-pwa",
  OPS_DB_POOL_MAX: "2",
});
const system = await buildSystem(env, { databaseUrl: url!, logger: createLogger("silent"), firstAdmin: "later", monitorOptions: { heartbeatMs: Number(heartbeat) } });
system.notify.start();
system.monitor.start({ scheduler: false, worker: true, onDrain: async () => void (await consumersOf(system.queue).drain()) });
await system.monitor.parts.nodes.beat();
console.log(`ready ${system.monitor.parts.nodes.id}`);
