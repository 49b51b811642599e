import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../testing/harness.ts";

/** A small built PWA: hashed asset with precompressed variants, index, service worker, manifest. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), "ops-dist-"));
  mkdirSync(join(dir, "assets"));
  const js = `console.log(${JSON.stringify("x".repeat(4000))});`;
  writeFileSync(join(dir, "assets", "index-Ab12Cd34.js"), js);
  writeFileSync(join(dir, "assets", "index-Ab12Cd34.js.br"), brotliCompressSync(js));
  writeFileSync(join(dir, "assets", "index-Ab12Cd34.js.gz"), gzipSync(js));
  writeFileSync(join(dir, "index.html"), '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(dir, "sw.js"), "self.addEventListener('fetch', () => {});");
  writeFileSync(join(dir, "registerSW.js"), "navigator.serviceWorker.register('/sw.js')");
  writeFileSync(join(dir, "manifest.webmanifest"), JSON.stringify({ name: "OPS" }));
  return dir;
}

const raw = (s: TestSystem, path: string, init: RequestInit = {}) => s.system.app.request(path, init);

let s: TestSystem;
let dist: string;
let admin: string;
beforeAll(async () => {
  dist = fakeDist();
  s = await createTestSystem({ env: { OPS_PWA_DIST: dist, OPS_CORS_ORIGINS: "https://ops.example.com" } });
  admin = await s.login("admin");
});
afterAll(async () => {
  await s?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe("security headers", () => {
  it("sends a strict Content-Security-Policy on the PWA and on API answers", async () => {
    for (const path of ["/", "/assets/index-Ab12Cd34.js", "/api/v1/auth/me", "/api/docs"]) {
      const r = await raw(s, path);
      const csp = r.headers.get("content-security-policy") ?? "";
      for (const directive of ["script-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) expect(csp, path).toContain(directive);
      expect(csp, path).not.toContain("unsafe-inline");
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(r.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });

  it("serves the docs page without inline script or style, its code as files", async () => {
    const page = await raw(s, "/api/docs");
    const htmlText = await page.text();
    expect(htmlText).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style/);
    const js = await raw(s, "/api/docs/docs.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("dataset.spec");
    expect((await raw(s, "/api/docs/docs.css")).headers.get("content-type")).toContain("text/css");
  });

  it("sends HSTS only over HTTPS (directly, or said by a trusted proxy)", async () => {
    expect((await raw(s, "/healthz")).headers.get("strict-transport-security")).toBeNull();
    expect((await s.system.app.request("https://ops.example.com/healthz")).headers.get("strict-transport-security")).toContain("max-age=");
    expect((await raw(s, "/healthz", { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toContain("max-age=");
    const untrusting = await createTestSystem({ demo: false, env: { OPS_TRUST_PROXY: "0" } });
    try {
      expect((await raw(untrusting, "/healthz", { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toBeNull();
    } finally {
      await untrusting.close();
    }
  });

  it("allows credentials only together with an allowed origin", async () => {
    const ok = await raw(s, "/api/v1/auth/me", { headers: { origin: "https://ops.example.com" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://ops.example.com");
    expect(ok.headers.get("access-control-allow-credentials")).toBe("true");
    for (const headers of [{ origin: "https://evil.example.com" }, {}] as Record<string, string>[]) {
      const r = await raw(s, "/api/v1/auth/me", { headers });
      expect(r.headers.get("access-control-allow-origin")).toBeNull();
      expect(r.headers.get("access-control-allow-credentials")).toBeNull();
    }
    const preflight = await raw(s, "/api/v1/auth/login", { method: "OPTIONS", headers: { origin: "https://evil.example.com", "access-control-request-method": "POST" } });
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("malformed requests", () => {
  it("answers 404, not 500, to a NUL byte or dot segments in a static path", async () => {
    for (const path of ["/%00", "/assets/%00.js", "/sw.js%00", "/assets/..%5c..%5csecret.js"]) {
      const r = await s.req("GET", path);
      expect(r.status, path).toBe(404);
      expect(r.body.code, path).toBe(40401);
    }
  });

  it("refuses NUL in API URLs and JSON strings with 400 (PostgreSQL cannot store it)", async () => {
    for (const path of ["/api/v1/users/%00", "/api/v1/users?q=a%00", "/api/v1/notify/logs?event_id=%00"]) {
      const r = await s.req("GET", path, { token: admin });
      expect(r.status, path).toBe(400);
      expect(r.body).toMatchObject({ code: 40001, reason: "common.nul_in_url" });
    }
    const body = '{"name":"a\\u0000b","url":"https://hooks.example.com/x","types":["*"]}';
    const r = await s.req("POST", "/api/v1/notify/webhooks", { token: admin, body });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: "name", message: "不能包含 NUL（\\0）字符" }]);
    // An escaped backslash followed by "u0000" is just text.
    const text = await s.req("POST", "/api/v1/notify/webhooks", { token: admin, body: '{"name":"a\\\\u0000b","url":"https://hooks.example.com/x","types":["*"]}' });
    expect(text.status).toBe(201);
    expect(text.body.data.name).toBe("a\\u0000b");
  });

  it("refuses a JSON body that is not UTF-8 instead of storing U+FFFD", async () => {
    const enc = new TextEncoder();
    const body = new Uint8Array([...enc.encode('{"name":"bad'), 0xff, 0xfe, ...enc.encode('","url":"https://hooks.example.com/x","types":["*"]}')]);
    const r = await raw(s, "/api/v1/notify/webhooks", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${admin}` }, body });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: 40001, reason: "common.invalid_utf8", message: "请求体不是合法的 UTF-8 文本" });
    const hooks = await s.req("GET", "/api/v1/notify/webhooks", { token: admin });
    expect(JSON.stringify(hooks.body.data)).not.toContain("\uFFFD");
    // Valid UTF-8 (Chinese included) still passes.
    const good = await s.req("POST", "/api/v1/notify/webhooks", { token: admin, body: { name: "构建通知", url: "https://hooks.example.com/x", types: ["*"] } });
    expect(good.status).toBe(201);
    expect(good.body.data.name).toBe("构建通知");
  });

  it("answers 415 with its own code and message, no error id", async () => {
    const zh = await raw(s, "/api/v1/auth/login", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(zh.status).toBe(415);
    const body = await zh.json();
    expect(body).toMatchObject({ code: 41501, reason: "http.unsupported_media_type", message: "不支持的请求体类型（Content-Type），请按接口文档发送：通常为 application/json，文件上传为 multipart/form-data", data: null });
    expect(body.error_id).toBeUndefined();
    const en = await raw(s, "/api/v1/auth/login", { method: "POST", headers: { "content-type": "text/plain", "accept-language": "en" }, body: "{}" });
    expect((await en.json()).message).toBe("Unsupported request body type (Content-Type): send what the API docs name, usually application/json, multipart/form-data for file uploads");
  });

  it("words validation messages by what was checked: numbers, lengths, lists, required fields, options", async () => {
    const errorsOf = async (method: string, path: string, body?: unknown, lang = "zh-CN") => {
      // ?lang= wins over the signed-in user's own language (admin's is zh-CN).
      const r = await s.req(method, `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`, { token: admin, body });
      expect(r.status, path).toBe(400);
      return Object.fromEntries((r.body.errors as Array<{ field: string; message: string }>).map((e) => [e.field, e.message]));
    };
    expect(await errorsOf("GET", "/api/v1/notify/logs?page_size=5000&page=0")).toEqual({ page_size: "数值不能大于 200", page: "数值不能小于 1" });
    expect(await errorsOf("GET", "/api/v1/notify/logs?page_size=5000&page=0", undefined, "en")).toEqual({ page_size: "Must be at most 200", page: "Must be at least 1" });
    expect(await errorsOf("GET", "/api/v1/notify/logs?status=bogus")).toEqual({ status: expect.stringMatching(/^不是可选的值（可选：sending, sent/) });
    const hook = { url: "https://hooks.example.com/x", types: [] as string[], enabled: "yes" };
    expect(await errorsOf("POST", "/api/v1/notify/webhooks", hook)).toEqual({ name: "必填", types: "不能为空", enabled: "类型不正确" });
    expect(await errorsOf("POST", "/api/v1/notify/webhooks", { ...hook, name: "", enabled: true }, "en")).toEqual({ name: "Must not be empty", types: "Must not be empty" });
    expect(await errorsOf("POST", "/api/v1/notify/webhooks", { ...hook, name: "x".repeat(101), types: ["*"], enabled: true })).toEqual({ name: "长度不能超过 100 个字符" });
  });
});

describe("compression and caching", () => {
  it("compresses API JSON over the threshold by Accept-Encoding (brotli, else gzip)", async () => {
    const plain = await raw(s, "/api/openapi.json");
    const text = await plain.text();
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(text.length).toBeGreaterThan(1024);
    const br = await raw(s, "/api/openapi.json", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toContain("Accept-Encoding");
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(text);
    const gz = await raw(s, "/api/openapi.json", { headers: { "accept-encoding": "gzip;q=1, br;q=0" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(text);
    // The document is past the synchronous limit (compressed off the event loop); a page of the
    // permission tree is below it (compressed in place): both paths give the same bytes back.
    expect(text.length).toBeGreaterThan(64 * 1024);
    const auth = { authorization: `Bearer ${admin}` };
    const permsPlain = await (await raw(s, "/api/v1/permissions", { headers: auth })).text();
    expect(permsPlain.length).toBeGreaterThan(1024);
    expect(permsPlain.length).toBeLessThan(64 * 1024);
    const permsBr = await raw(s, "/api/v1/permissions", { headers: { ...auth, "accept-encoding": "br" } });
    expect(permsBr.headers.get("content-encoding")).toBe("br");
    // (the envelope's timestamp differs between the two answers)
    expect(JSON.parse(brotliDecompressSync(Buffer.from(await permsBr.arrayBuffer())).toString()).data).toEqual(JSON.parse(permsPlain).data);
    // Small answers are not worth it: an error, and a success envelope (whose text is sized, not read back).
    const small = await raw(s, "/api/v1/auth/me", { headers: { "accept-encoding": "br" } });
    expect(small.headers.get("content-encoding")).toBeNull();
    expect((await small.json()).code).toBe(40101);
    const me = await raw(s, "/api/v1/auth/me", { headers: { ...auth, "accept-encoding": "br, gzip" } });
    expect(me.headers.get("content-encoding")).toBeNull();
    expect(me.headers.get("vary")).toContain("Accept-Encoding");
    expect(me.headers.get("content-type")).toBe("application/json");
    expect((await me.json()).data.username).toBe("admin");
    // A success envelope over the threshold in gzip too (its text compressed directly).
    const permsGz = await raw(s, "/api/v1/permissions", { headers: { ...auth, "accept-encoding": "gzip" } });
    expect(permsGz.headers.get("content-encoding")).toBe("gzip");
    expect(permsGz.headers.get("content-length")).toBeNull();
    expect(JSON.parse(gunzipSync(Buffer.from(await permsGz.arrayBuffer())).toString()).data).toEqual(JSON.parse(permsPlain).data);
    // HEAD is never compressed
    expect((await raw(s, "/api/v1/permissions", { method: "HEAD", headers: { ...auth, "accept-encoding": "br" } })).headers.get("content-encoding")).toBeNull();
  });

  it("keeps API answers out of caches", async () => {
    expect((await raw(s, "/api/v1/auth/me", { headers: { authorization: `Bearer ${admin}` } })).headers.get("cache-control")).toBe("no-store");
    expect((await raw(s, "/api/v1/nothing")).headers.get("cache-control")).toBe("no-store");
  });

  it("serves precompressed hashed assets, cached for a year", async () => {
    const br = await raw(s, "/assets/index-Ab12Cd34.js", { headers: { "accept-encoding": "gzip, br" } });
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("content-type")).toContain("javascript");
    expect(br.headers.get("vary")).toContain("Accept-Encoding");
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const js = brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString();
    expect(js).toMatch(/^console\.log/);
    const gz = await raw(s, "/assets/index-Ab12Cd34.js", { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(js);
    const identity = await raw(s, "/assets/index-Ab12Cd34.js");
    expect(identity.headers.get("content-encoding")).toBeNull();
    expect(await identity.text()).toBe(js);
    expect((await raw(s, "/assets/index-Gone0000.js")).status).toBe(404);
  });

  it("revalidates index.html, the service worker and the manifest with ETags (304)", async () => {
    for (const path of ["/", "/index.html", "/some/client/route", "/sw.js", "/registerSW.js", "/manifest.webmanifest"]) {
      const first = await raw(s, path);
      expect(first.status, path).toBe(200);
      expect(first.headers.get("cache-control"), path).toBe("no-cache");
      const etag = first.headers.get("etag");
      expect(etag, path).toMatch(/^"[^"]+"$/);
      const again = await raw(s, path, { headers: { "if-none-match": etag! } });
      expect(again.status, path).toBe(304);
      expect(await again.text(), path).toBe("");
      expect((await raw(s, path, { headers: { "if-none-match": '"other"' } })).status, path).toBe(200);
    }
    expect((await raw(s, "/manifest.webmanifest")).headers.get("content-type")).toContain("manifest+json");
  });
});
