/**
 * `npm test`: lint (dependency rules), typecheck, PWA build, then every vitest suite.
 * Ends with the plain line CI reads: `N passed, N failed`.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const bun = process.execPath;
const args = process.argv.slice(2);

function step(name: string, cmd: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n== ${name}: ${cmd.join(" ")}`);
  const r = Bun.spawnSync(cmd, { cwd: root, stdout: "inherit", stderr: "inherit", env: { ...process.env, ...env } });
  return r.exitCode === 0;
}

/**
 * The checks before vitest are independent (lint, three typechecks, the PWA build): they run at once and each
 * one's output is printed whole, in order, when all have ended (about a minute saved on two cores).
 */
async function together(steps: Array<{ name: string; cmd: string[] }>): Promise<boolean[]> {
  const started = steps.map((s) => {
    const p = Bun.spawn(s.cmd, { cwd: root, stdout: "pipe", stderr: "pipe", env: process.env });
    return { ...s, out: new Response(p.stdout).text(), err: new Response(p.stderr).text(), exit: p.exited };
  });
  const ok: boolean[] = [];
  for (const s of started) {
    const [out, err, code] = await Promise.all([s.out, s.err, s.exit]);
    console.log(`\n== ${s.name}: ${s.cmd.join(" ")}`);
    if (out) process.stdout.write(out);
    if (err) process.stderr.write(err);
    ok.push(code === 0);
  }
  return ok;
}

const bin = (name: string) => resolve(root, "node_modules/.bin", name);
let failedSteps = 0;
let passedSteps = 0;
const check = (ok: boolean) => (ok ? passedSteps++ : failedSteps++);

if (!args.length) {
  const typecheck = (project: string) => ({ name: `typecheck ${project}`, cmd: [bin("tsc"), "-p", project, "--noEmit"] });
  const [lint, api, pwa, pwaTests, edge, edgeTests, build] = await together([
    { name: "lint", cmd: [bin("oxlint"), "-c", ".oxlintrc.json", "--deny-warnings", "shared", "cards", "api", "bot", "pwa", "scripts", "edge"] },
    typecheck("api/tsconfig.json"), typecheck("pwa/tsconfig.json"), typecheck("pwa/tests/tsconfig.json"), typecheck("edge/tsconfig.json"), typecheck("edge/tests/tsconfig.json"),
    { name: "build pwa", cmd: [bun, "--bun", "x", "vite", "build", "--config", "pwa/vite.config.ts", "--logLevel", "warn"] },
  ]);
  check(lint!);
  check(Boolean(api && pwa && pwaTests && edge && edgeTests));
  check(build!);
}

const results = resolve(root, ".tmp/vitest-results.json");
rmSync(results, { force: true });
step("vitest", [bun, "--bun", bin("vitest"), "run", ...args]);

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const json = JSON.parse(readFileSync(results, "utf8")) as { numPassedTests: number; numFailedTests: number; testResults: Array<{ status: string; assertionResults: unknown[] }> };
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  // a suite that failed to load has no assertions but must count as a failure
  failed += json.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
} else {
  failed += 1;
}
passed += passedSteps;
failed += failedSteps;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
