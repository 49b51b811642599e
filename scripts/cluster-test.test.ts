/**
 * CI's run of the cluster test (scripts/cluster-test.ts): both setups (BullMQ on Redis, PostgreSQL alone), so
 * its result counts in `npm test`'s `N passed, N failed` line like any suite. OPS_CLUSTER_SECONDS sets the load
 * time per setup (default 25); OPS_TEST_ENGINES=sqlite skips it, as it skips the other PostgreSQL suites.
 *
 * The run cannot outlive the test: the script's watchdog (--budget-s) ends it first, printing what it was waiting
 * for; SIGINT follows if it does not, then SIGKILL to its whole process group (the script and the OPS processes it
 * started, which hold its output pipes), and the output is read only as long as the script lives, plus a moment.
 */
import { resolve } from "node:path";
import { expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.OPS_CLUSTER_SECONDS ?? 25);
// two setups of ~10–45 s start-up, the load and ~5–25 s of settling and clean-up each, on a busy box
const TIMEOUT_MS = 2 * (90_000 + SECONDS * 1000);
/** the script's own deadline: its watchdog's report comes before the signals below */
const BUDGET_MS = TIMEOUT_MS - 30_000;
const withPostgres = (process.env.OPS_TEST_ENGINES ?? "postgres").split(",").includes("postgres");

/** Everything `stream` yields until it ends or `stop` resolves (a child's child may hold the pipe open). */
async function collect(stream: ReadableStream<Uint8Array>, stop: Promise<unknown>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const stopped = stop.then(() => ({ done: true as const, value: undefined }));
  for (;;) {
    const { done, value } = await Promise.race([reader.read(), stopped]);
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.cancel().catch(() => {});
  return text + decoder.decode();
}

it.skipIf(!withPostgres)("cluster: 2 web + 2 worker + 2 scheduler processes keep every promise while a worker and a scheduler are SIGKILLed", async () => {
  const child = Bun.spawn([process.execPath, "scripts/cluster-test.ts", "--seconds", String(SECONDS), "--budget-s", String(BUDGET_MS / 1000)], {
    cwd: ROOT, stdout: "pipe", stderr: "pipe",
    // its own process group, so the last resort below reaches the OPS processes too
    detached: true,
  });
  // SIGINT lets the script remove its databases, Redis keys and processes before it exits; SIGKILL to the group
  // if it still has not 10 s later
  const interrupt = setTimeout(() => child.kill("SIGINT"), TIMEOUT_MS - 20_000);
  const kill = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group is gone already
    }
  }, TIMEOUT_MS - 10_000);
  try {
    const exited = child.exited;
    const afterExit = exited.then(() => Bun.sleep(2_000));
    const [out, err, code] = await Promise.all([collect(child.stdout, afterExit), collect(child.stderr, afterExit), exited]);
    const summary = out.slice(out.indexOf("\n== ") + 1);
    console.log(summary);
    expect(code, `cluster test exited ${code}${child.signalCode ? ` (${child.signalCode})` : ""}:\n${out}\n${err.slice(-4000)}`).toBe(0);
  } finally {
    clearTimeout(interrupt);
    clearTimeout(kill);
  }
}, TIMEOUT_MS);
