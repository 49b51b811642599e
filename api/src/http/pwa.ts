import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Hono } from "hono";
import { serveStatic } from "hono/bun";
import type { AppEnv } from "./types.ts";

/** Serves the built PWA; unknown non-API paths get index.html so client routes deep-link. */
export function servePwa(app: Hono<AppEnv>, dist: string) {
  const indexFile = join(dist, "index.html");
  app.use("/*", async (c, next) => {
    if (c.req.path.startsWith("/api/") || c.req.path === "/api") return next();
    if (c.req.path === "/sw.js" || c.req.path.endsWith(".webmanifest")) c.header("Cache-Control", "no-cache");
    return serveStatic({ root: dist })(c, next);
  });
  app.get("*", (c, next) => {
    if (c.req.path.startsWith("/api/") || !existsSync(indexFile)) return next();
    return c.html(readFileSync(indexFile, "utf8"));
  });
}
