/**
 * CI's run of the cluster test (scripts/cluster-test.ts): both setups (BullMQ on Redis, PostgreSQL alone), so
 * its result counts in `npm test`'s `N passed, N failed` line like any suite. OPS_CLUSTER_SECONDS sets the load
 * time per setup (default 25); OPS_TEST_ENGINES=sqlite skips it, as it skips the other PostgreSQL suites.
 */
import { resolve } from "node:path";
import { expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.OPS_CLUSTER_SECONDS ?? 25);
// two setups of ~20–40 s start-up, the load and ~10 s of settling and clean-up each, on a busy box
const TIMEOUT_MS = 2 * (90_000 + SECONDS * 1000);
const withPostgres = (process.env.OPS_TEST_ENGINES ?? "postgres").split(",").includes("postgres");

it.skipIf(!withPostgres)("cluster: 2 web + 2 worker + 2 scheduler processes keep every promise while a worker and a scheduler are SIGKILLed", async () => {
  const child = Bun.spawn([process.execPath, "scripts/cluster-test.ts", "--seconds", String(SECONDS)], {
    cwd: ROOT, stdout: "pipe", stderr: "pipe",
    // SIGINT lets the script remove its databases, Redis keys and processes before it exits
    timeout: TIMEOUT_MS - 5_000, killSignal: "SIGINT",
  });
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  const summary = out.slice(out.indexOf("\n== ") + 1);
  console.log(summary);
  expect(code, `cluster test exited ${code}${child.signalCode ? ` (${child.signalCode})` : ""}:\n${out}\n${err.slice(-4000)}`).toBe(0);
}, TIMEOUT_MS);
