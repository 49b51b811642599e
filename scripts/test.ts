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

const bin = (name: string) => resolve(root, "node_modules/.bin", name);
let failedSteps = 0;
let passedSteps = 0;
const check = (ok: boolean) => (ok ? passedSteps++ : failedSteps++);

if (!args.length) {
  check(step("lint", [bin("oxlint"), "-c", ".oxlintrc.json", "--deny-warnings", "shared", "cards", "api", "bot", "pwa", "scripts"]));
  const typecheck = (project: string) => step(`typecheck ${project}`, [bin("tsc"), "-p", project, "--noEmit"]);
  check(["api/tsconfig.json", "pwa/tsconfig.json", "pwa/tests/tsconfig.json"].map(typecheck).every(Boolean));
  check(step("build pwa", [bun, "--bun", "x", "vite", "build", "--config", "pwa/vite.config.ts", "--logLevel", "warn"]));
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
