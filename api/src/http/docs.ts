import { html } from "hono/html";

/**
 * A self-contained docs page over /api/openapi.json: works offline (no CDN), groups
 * operations by tag and shows each route's permission, parameters and body schema.
 * Its script and styles are separate files (`/api/docs/docs.js`, `/api/docs/docs.css`), so the
 * page lives under the same Content-Security-Policy as everything else (no inline code).
 */
export function docsPage(specUrl: string) {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>OPS API</title><link rel="stylesheet" href="/api/docs/docs.css"></head><body>
<h1>OPS API</h1><p>OpenAPI: <a href="${specUrl}">${specUrl}</a></p><div id="ops-docs" data-spec="${specUrl}">Loading…</div>
<script src="/api/docs/docs.js" defer></script></body></html>`;
}

export const DOCS_CSS = `
body{font:14px/1.5 system-ui,sans-serif;margin:0;padding:16px;max-width:1100px;margin:auto;color:#1f2937}
h1{font-size:20px} h2{font-size:16px;margin-top:28px;border-bottom:1px solid #e5e7eb}
details{border:1px solid #e5e7eb;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer} .m{display:inline-block;min-width:60px;font-weight:600;text-transform:uppercase}
.get{color:#2563eb}.post{color:#16a34a}.put,.patch{color:#d97706}.delete{color:#dc2626}
code,pre{background:#f3f4f6;border-radius:4px;padding:1px 4px} pre{padding:8px;overflow:auto}
.perm{color:#6b7280;font-size:12px;margin-left:8px}
`;

export const DOCS_JS = `
const root = document.getElementById("ops-docs");
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
fetch(root.dataset.spec).then((r) => r.json()).then((spec) => {
  const groups = {};
  for (const [path, ops] of Object.entries(spec.paths || {}))
    for (const [method, op] of Object.entries(ops))
      (groups[(op.tags || ["other"])[0]] ||= []).push({ path, method, op });
  const out = [];
  out.push("<p>" + esc(spec.info.description) + "</p>");
  for (const [tag, list] of Object.entries(groups)) {
    out.push("<h2>" + esc(tag) + "</h2>");
    for (const { path, method, op } of list) {
      const params = (op.parameters || []).map((p) => "<li><code>" + esc(p.name) + "</code> (" + esc(p.in) + (p.required ? ", required" : "") + ")</li>").join("");
      const body = op.requestBody ? "<pre>" + esc(JSON.stringify(Object.values(op.requestBody.content)[0].schema, null, 2)) + "</pre>" : "";
      out.push("<details><summary><span class='m " + esc(method) + "'>" + esc(method) + "</span><code>" + esc(path) + "</code> " + esc(op.summary) +
        "<span class='perm'>" + esc(op["x-permission"]) + "</span></summary>" + (params ? "<ul>" + params + "</ul>" : "") + body + "</details>");
    }
  }
  root.innerHTML = out.join("");
});`;
