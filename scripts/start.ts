/**
 * `npm start`: build the PWA if it has not been built yet, then run the whole system in
 * this process on embedded defaults (SQLite under OPS_DATA_DIR).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const dist = resolve(root, "pwa/dist/index.html");
if (!existsSync(dist) || process.env.OPS_REBUILD_PWA === "1") {
  console.log("Building the PWA (first start)…");
  const build = Bun.spawnSync([process.execPath, "--bun", "x", "vite", "build", "--config", "pwa/vite.config.ts", "--logLevel", "warn"], {
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  });
  if (build.exitCode !== 0) {
    console.error("PWA build failed; the API will start without it.");
  }
}
await import("../api/src/main.ts");
