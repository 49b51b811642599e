import { describe, expect, it } from "vitest";
import { startBanner } from "./start-banner.ts";

describe("start banner", () => {
  it("links to localhost for a server on every interface, and names the admin's first sign-in", () => {
    const text = startBanner({ host: "0.0.0.0", port: 8787, generatedPassword: "Secret#1", demo: false });
    expect(text).toContain("http://localhost:8787");
    expect(text).toContain("username: admin  password: Secret#1");
    expect(text).not.toContain("Demo accounts");
  });

  it("keeps a specific host, shows the public URL and the demo accounts, and never a password it did not generate", () => {
    const text = startBanner({ host: "::1", port: 9000, publicUrl: "https://ops.example.com", demo: true });
    expect(text).toContain("http://[::1]:9000");
    expect(text).toContain("public URL: https://ops.example.com");
    expect(text).toMatch(/Demo accounts \(password Ops@demo2026\): zhangwei 张伟, lina 李娜/);
    expect(text).not.toContain("password: ");
  });
});
