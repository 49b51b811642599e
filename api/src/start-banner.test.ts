import { describe, expect, it } from "vitest";
import { startBanner } from "./start-banner.ts";
import { DEMO_USERS } from "./demo/seed-demo.ts";

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
    expect(text).toContain("Demo accounts (password Ops@demo2026 for all):");
    expect(text).not.toContain("password: ");
  });

  it("lists every demo account in a table of aligned columns: username, name, role, department, title, state", () => {
    const lines = startBanner({ host: "0.0.0.0", port: 8787, demo: true }).split("\n");
    const header = lines.findIndex((l) => /^\s+username\s+name\s+role\s+department\s+title\s+note$/.test(l));
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 1).filter((l) => /^ {4}\S/.test(l));
    expect(rows).toHaveLength(DEMO_USERS.length);
    expect(rows[0]).toMatch(/^ {4}zhangwei\s+张伟\s+运营主管\s+运营中心\s+运营中心总监$/);
    expect(rows.find((r) => r.includes("linxiaoyu"))).toContain("locked");
    expect(rows.find((r) => r.includes("huangmin"))).toContain("disabled");
    expect(rows.find((r) => r.includes("sunjianguo"))).toMatch(/超级管理员.*MFA/);
    // the role column starts at the same terminal column on every row (CJK characters are two wide)
    const roleColumn = (r: string) => {
      const cells = r.trim().split(/\s{2,}/);
      const before = r.indexOf(cells[2]!);
      return [...r.slice(0, before)].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    };
    expect(new Set(rows.map(roleColumn)).size).toBe(1);
    expect(lines.some((l) => l.includes("TOTP secret"))).toBe(true);
  });
});
