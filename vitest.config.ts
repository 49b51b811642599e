import { defineConfig } from "vitest/config";

/**
 * Test files run in OPS_TEST_WORKERS threads at once (default 1, as vitest's own default on a two-core box). Two at
 * once on the two-core CI box took as long as one (1,454 s against 1,465 s: the suites are CPU-bound there, with the
 * server, PostgreSQL and chromium on the same cores) and stretched the stand-ins' waits; more cores can use more.
 */
const workers = Number(process.env.OPS_TEST_WORKERS ?? 1);

export default defineConfig({
  test: {
    include: ["{shared,cards,api,bot,pwa,scripts,edge}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // Under Bun the thread pool runs tests that import bun:sqlite / Bun SQL.
    pool: "threads",
    // a run id for the harness's PostgreSQL template databases, dropped at the end of the run (api/src/testing/templates.ts)
    globalSetup: ["api/src/testing/global-setup.ts"],
    // after each file: what its helpers kept for the whole file (the PWA tests' chromium), api/src/testing/file-end.ts
    setupFiles: ["api/src/testing/file-end.setup.ts"],
    maxWorkers: Number.isInteger(workers) && workers > 0 ? workers : 1,
    // Test files share one module graph per worker: importing the app's graph anew for each of ~280 files took about
    // 260 s of a CI run (11 s shared). No test mocks modules, fakes timers or changes process.env; a file that changes
    // module state puts it back (api/src/testing/password-cost.test.ts). OPS_TEST_ISOLATE=1 isolates every file again.
    isolate: process.env.OPS_TEST_ISOLATE === "1",
    // a browser test that takes 20 s on a quiet box can pass 30 s when the box is busy
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: ".tmp/vitest-results.json" },
  },
});
