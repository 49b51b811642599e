import { describe, expect, it } from "vitest";
import { originOfRequest } from "./request-origin.ts";

const req = (headers: Record<string, string>) => new Request("http://10.0.0.5:8787/bot/slack/events", { method: "POST", headers });

describe("the origin of a webhook request", () => {
  it("is the request's own origin unless the proxy is trusted", () => {
    const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "ops.example.com" };
    expect(originOfRequest(req(forwarded), false)).toBe("http://10.0.0.5:8787");
    expect(originOfRequest(req(forwarded), true)).toBe("https://ops.example.com");
    expect(originOfRequest(req({ "x-forwarded-proto": "https, http" }), true)).toBe("https://10.0.0.5:8787");
    expect(originOfRequest(req({ "x-forwarded-host": "evil.example/path?x" }), true)).toBe("http://evil.example");
  });
});
