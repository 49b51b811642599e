import { afterAll, describe, expect, it } from "vitest";
import { openConnection } from "./http-conn.ts";

/** The bench's own HTTP/1.1 connection reads what Bun.serve sends: sized, chunked (streamed) and empty bodies. */
describe("bench http connection", () => {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/empty") return new Response(null, { status: 204 });
      if (url.pathname === "/stream") {
        // a body of unknown length goes out chunked, in pieces
        const parts = ["alpha-", "beta-", "x".repeat(70_000)];
        return new Response(new ReadableStream({ async pull(c) {
          const next = parts.shift();
          if (next === undefined) c.close();
          else c.enqueue(new TextEncoder().encode(next));
        } }));
      }
      return Response.json({ method: req.method, body: req.method === "POST" ? await req.text() : null, encoding: req.headers.get("accept-encoding") }, { status: 201 });
    },
  });
  afterAll(() => server.stop(true));

  it("answers requests one after another on one keep-alive connection", async () => {
    const conn = await openConnection(`http://127.0.0.1:${server.port}`);
    const posted = await conn.request("POST", "/echo", { "content-type": "text/plain", "accept-encoding": "identity" }, "héllo");
    expect(posted.status).toBe(201);
    expect(JSON.parse(posted.body.toString("utf8"))).toEqual({ method: "POST", body: "héllo", encoding: "identity" });
    const streamed = await conn.request("GET", "/stream");
    expect(streamed.status).toBe(200);
    expect(streamed.body.toString("utf8")).toBe(`alpha-beta-${"x".repeat(70_000)}`);
    expect((await conn.request("GET", "/empty")).status).toBe(204);
    const again = await conn.request("GET", "/echo");
    expect(JSON.parse(again.body.toString("utf8")).encoding).toBe("br, gzip");
    conn.close();
  });

  it("fails a request on a connection the server has closed", async () => {
    const own = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });
    const conn = await openConnection(`http://127.0.0.1:${own.port}`);
    expect((await conn.request("GET", "/")).status).toBe(200);
    // as OPS does with a connection idle for 120 s
    await own.stop(true);
    await conn.closed;
    await expect(conn.request("GET", "/")).rejects.toThrow("connection closed");
  });

  it("refuses a second request while one is in flight", async () => {
    const conn = await openConnection(`http://127.0.0.1:${server.port}`);
    const first = conn.request("GET", "/stream");
    await expect(conn.request("GET", "/echo")).rejects.toThrow("one request at a time");
    expect((await first).status).toBe(200);
    conn.close();
  });
});
