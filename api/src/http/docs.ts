import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Context } from "hono";
import { html } from "hono/html";
import { pickEncoding } from "./compress.ts";
import type { AppEnv } from "./types.ts";

/**
 * The try-it console at /api/docs: Swagger UI from the swagger-ui-dist package, served from
 * node_modules (works with no network), started by a same-origin script: the page lives under the
 * app's Content-Security-Policy unchanged (Swagger UI 5 sets styles through the DOM, which the
 * policy allows, and needs no inline script or style; pwa/tests/api-docs.test.ts checks it).
 */
export const DOCS_PATH = "/api/docs";

const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/** Files the page loads; nothing else under /api/docs/ reaches the disk. */
const ASSETS: Record<string, { type: string; load: () => Promise<Uint8Array> }> = {
  "swagger-ui.css": { type: "text/css; charset=utf-8", load: () => fromPackage("swagger-ui.css") },
  "swagger-ui-bundle.js": { type: "text/javascript; charset=utf-8", load: () => fromPackage("swagger-ui-bundle.js") },
  "favicon-32x32.png": { type: "image/png", load: () => fromPackage("favicon-32x32.png") },
  "docs.css": { type: "text/css; charset=utf-8", load: async () => new TextEncoder().encode(DOCS_CSS) },
  "docs.js": { type: "text/javascript; charset=utf-8", load: async () => new TextEncoder().encode(docsScript()) },
};

async function fromPackage(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(SWAGGER_DIR, name)));
}

export function docsPage(specUrl: string) {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>OPS API 文档</title><link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css"><link rel="stylesheet" href="${DOCS_PATH}/docs.css"></head>
<body><header class="ops-docs-bar"><a href="/">← 返回 OPS</a><span>OPS API · <a href="${specUrl}">openapi.json</a></span></header>
<div id="swagger-ui" data-spec="${specUrl}"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js" defer></script><script src="${DOCS_PATH}/docs.js" defer></script></body></html>`;
}

const DOCS_CSS = `
.ops-docs-bar{display:flex;justify-content:space-between;gap:12px;padding:10px 20px;background:#1f2937;color:#e5e7eb;font:14px/1.5 system-ui,sans-serif}
.ops-docs-bar a{color:#93c5fd}
`;

/** Swagger UI's settings: bearer and bot schemes in Authorize, kept across reloads, try-it on. */
function docsScript() {
  return `"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.spec,
    domNode: root,
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    showExtensions: true,
    filter: true,
    // Tags open on demand: with every tag listed, Swagger UI 5.35 stops rendering past ~140
    // operations (it showed 3 of 143, no error). The first tag opens unless a deep link names one.
    docExpansion: "none",
    onComplete: function () {
      if (!location.hash) window.ui.layoutActions.show(["operations-tag", "iam"], true);
    },
    defaultModelsExpandDepth: 0,
    // the public validator badge would call validator.swagger.io
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
`;
}

type Asset = { type: string; body: Uint8Array; gzip: Uint8Array | null; etag: string };
const loaded = new Map<string, Promise<Asset>>();

async function loadAsset(name: string): Promise<Asset | null> {
  const spec = ASSETS[name];
  if (!spec) return null;
  let asset = loaded.get(name);
  if (!asset) {
    asset = spec.load().then((body) => {
      // Text shrinks ~4x (the bundle: 1.7 MB to ~480 KB); a PNG gains nothing and is sent as is.
      const gzip = spec.type.startsWith("text/") ? gzipSync(body) : null;
      return { type: spec.type, body, gzip, etag: `"${Bun.hash(body).toString(16)}"` };
    });
    loaded.set(name, asset);
    // A failed read is not kept: the next request tries again.
    asset.catch(() => loaded.delete(name));
  }
  return asset;
}

/** The page's static files, gzip when accepted, revalidated by ETag (they change with the package). */
export async function docsAsset(c: Context<AppEnv>) {
  const asset = await loadAsset(c.req.param("file") ?? "");
  if (!asset) return c.notFound();
  const headers: Record<string, string> = { "Content-Type": asset.type, "Cache-Control": "no-cache", ETag: asset.etag, Vary: "Accept-Encoding" };
  if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
  if (asset.gzip && pickEncoding(c.req.header("accept-encoding"), ["gzip"]) === "gzip") {
    return c.body(asset.gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, "Content-Encoding": "gzip" });
  }
  return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, headers);
}
