import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";
import { VitePWA } from "vite-plugin-pwa";
import { fileURLToPath } from "node:url";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = join(root, "dist");

/**
 * Writes `.br` and `.gz` beside every compressible file of the build (after vite-plugin-pwa wrote
 * sw.js and workbox), so the API serves them precompressed (api/src/http/pwa.ts) instead of
 * compressing per request. Maximum brotli quality: it runs once per build. Files under 1 KiB
 * and variants that would not be smaller are skipped.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  const compressible = /\.(?:html|js|mjs|css|json|webmanifest|svg|txt)$/;
  return {
    name: "ops-precompress",
    apply: "build",
    closeBundle: {
      order: "post",
      sequential: true,
      async handler() {
        const files = (await readdir(outDir, { recursive: true })).filter((f) => compressible.test(f));
        await Promise.all(files.map(async (file) => {
          const path = join(outDir, file);
          const data = await readFile(path);
          if (data.byteLength < 1024) return;
          const br = await brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength } });
          const gzipped = await gz(data, { level: 9 });
          if (br.byteLength < data.byteLength) await writeFile(`${path}.br`, br);
          if (gzipped.byteLength < data.byteLength) await writeFile(`${path}.gz`, gzipped);
        }));
      },
    },
  };
}

export default defineConfig({
  root,
  plugins: [
    solid(),
    VitePWA({
      registerType: "autoUpdate",
      // A registerSW.js file, never an inline script: the Content-Security-Policy has no 'unsafe-inline'.
      injectRegister: "script",
      includeAssets: ["icon.svg"],
      manifest: {
        name: "OPS 智能运营系统",
        short_name: "OPS",
        description: "Operations platform: people, jobs, config, reports, approvals",
        lang: "zh-CN",
        start_url: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#1d4ed8",
        icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any maskable" }],
      },
      workbox: {
        // What registerType "autoUpdate" implies only with injectRegister "auto": a new worker takes over at once.
        skipWaiting: true,
        clientsClaim: true,
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//, /^\/bot\//, /^\/(healthz|readyz|metrics)/],
        globPatterns: ["**/*.{js,css,html,svg,png,woff2}"],
        // Web Push display and click handling live in a static file so generateSW mode can stay.
        importScripts: ["/push-sw.js"],
      },
    }),
    precompress(),
  ],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { proxy: { "/api": "http://127.0.0.1:8787" } },
});
