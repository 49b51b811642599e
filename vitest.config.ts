import { defineConfig } from "vitest/config";

/**
 * Test files run in OPS_TEST_WORKERS threads at once (default 2). Vitest's own default is one fewer than the cores,
 * which is a single thread on a two-core box, while most files spend their time waiting on PostgreSQL, Redis, a
 * child process or the browser.
 */
const workers = Number(process.env.OPS_TEST_WORKERS ?? 2);

export default defineConfig({
  test: {
    include: ["{shared,cards,api,bot,pwa,scripts}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // Under Bun the thread pool runs tests that import bun:sqlite / Bun SQL.
    pool: "threads",
    maxWorkers: Number.isInteger(workers) && workers > 0 ? workers : 2,
    // two files at once on two cores: a browser test that takes 20 s alone can pass 30 s when it shares the box
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: ".tmp/vitest-results.json" },
  },
});
