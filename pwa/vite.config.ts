import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { VitePWA } from "vite-plugin-pwa";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  plugins: [
    solid(),
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: "auto",
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
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//, /^\/bot\//, /^\/(healthz|readyz|metrics)/],
        globPatterns: ["**/*.{js,css,html,svg,png,woff2}"],
        // Web Push display and click handling live in a static file so generateSW mode can stay.
        importScripts: ["/push-sw.js"],
      },
    }),
  ],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { proxy: { "/api": "http://127.0.0.1:8787" } },
});
