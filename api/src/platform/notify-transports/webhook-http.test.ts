import { describe, expect, it } from "vitest";
import { createWebhookTransport } from "./webhook-http.ts";

type Sent = { url: string; host: string | undefined; serverName: string | undefined; redirect: RequestRedirect | undefined };

/** The transport over a recording fetch and a stand-in resolver. */
function transport(dns: Record<string, string[]>, allowPrivate = false, allowHosts?: string[], answer = () => new Response(null, { status: 204 })) {
  const sent: Sent[] = [];
  const fetch = (async (input: URL | string, init: RequestInit & { tls?: { serverName?: string } }) => {
    sent.push({ url: String(input), host: (init.headers as Record<string, string>).host, serverName: init.tls?.serverName, redirect: init.redirect });
    return answer();
  }) as typeof globalThis.fetch;
  const lookup = async (host: string) => dns[host] ?? Promise.reject(new Error(`ENOTFOUND ${host}`));
  return { sent, t: createWebhookTransport({ allowPrivate, allowHosts, lookup, fetch }) };
}

const request = { headers: { "content-type": "application/json" }, body: "{}" };

describe("webhook transport", () => {
  it("connects to the address it checked, keeping the name for Host and TLS (no DNS rebinding window)", async () => {
    const { sent, t } = transport({ "hooks.example.com": ["93.184.216.34"], "v6.example.com": ["2606:2800:220:1::1"] });
    await t.post("https://hooks.example.com:8443/in?x=1", request);
    await t.post("http://v6.example.com/in", request);
    expect(sent).toEqual([
      { url: "https://93.184.216.34:8443/in?x=1", host: "hooks.example.com:8443", serverName: "hooks.example.com", redirect: "manual" },
      { url: "http://[2606:2800:220:1::1]/in", host: "v6.example.com", serverName: undefined, redirect: "manual" },
    ]);
  });

  it("refuses for good a name with any private address, and retries a name that does not resolve", async () => {
    const { sent, t } = transport({ "split.example.com": ["93.184.216.34", "fe80::1"] });
    await expect(t.post("https://split.example.com/", request)).rejects.toMatchObject({ retryable: false });
    await expect(t.post("https://gone.example.com/", request)).rejects.toMatchObject({ retryable: true });
    expect(sent).toEqual([]);
    expect(await t.check("https://split.example.com/")).toBe("private");
    expect(await t.check("https://gone.example.com/")).toBeNull();
  });

  it("goes anywhere, unpinned, when private targets are allowed", async () => {
    const { sent, t } = transport({}, true);
    await t.post("http://localhost:9000/hook", request);
    expect(sent[0]).toMatchObject({ url: "http://localhost:9000/hook", host: undefined });
  });

  it("allows listed private hosts and ranges only (OPS_WEBHOOK_ALLOW_HOSTS), and reads a bounded prefix of the answer", async () => {
    const dns = { "hooks.corp.example": ["10.1.2.3"], "ci.build.example": ["10.9.9.9"], "lab.example": ["10.20.3.4"], "other.example": ["10.30.0.1"] };
    const { sent, t } = transport(dns, false, ["hooks.corp.example", "*.build.example", "10.20.0.0/16", "192.168.7.7"], () => new Response("é".repeat(3000), { status: 500 }));
    for (const url of ["https://hooks.corp.example/in", "https://ci.build.example/in", "https://lab.example/in", "http://192.168.7.7/in"]) expect(await t.check(url), url).toBeNull();
    for (const url of ["https://other.example/in", "http://192.168.7.8/in", "http://127.0.0.1/in"]) expect(await t.check(url), url).toBe("private");
    const answer = await t.post("https://lab.example/in", { ...request, responseBytes: 2048 });
    expect(answer.status).toBe(500);
    expect(Buffer.byteLength(answer.body!)).toBeLessThanOrEqual(2048 + 2);
    expect(answer.body!.startsWith("éé")).toBe(true);
    expect(sent[0]!.url).toBe("https://10.20.3.4/in");
    expect((await t.post("https://lab.example/in", request)).body).toBeUndefined();
  });
});
