import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{shared,cards,api,bot,pwa,scripts}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // Under Bun the thread pool runs tests that import bun:sqlite / Bun SQL.
    pool: "threads",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: ".tmp/vitest-results.json" },
  },
});
