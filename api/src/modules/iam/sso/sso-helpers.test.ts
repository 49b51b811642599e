import { describe, expect, it } from "vitest";
import { escapeFilterValue, userFilter } from "./ldap-filter.ts";
import { safeRedirectPath } from "./safe-redirect.ts";

describe("LDAP filter escaping (RFC 4515)", () => {
  it("escapes every filter metacharacter", () => {
    expect(escapeFilterValue("a*b(c)d\\e\0f")).toBe("a\\2ab\\28c\\29d\\5ce\\00f");
    expect(escapeFilterValue("张伟.o'brien-1")).toBe("张伟.o'brien-1");
  });

  it("fills every placeholder, even when the username looks like a replacement pattern", () => {
    expect(userFilter("(|(uid={{username}})(mail={{username}}))", "$&*")).toBe("(|(uid=$&\\2a)(mail=$&\\2a))");
  });
});

describe("post-login redirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirectPath("/jobs/42?tab=runs#log")).toBe("/jobs/42?tab=runs#log");
    expect(safeRedirectPath(undefined)).toBe("/");
  });

  it("turns anything that could leave the site into /", () => {
    for (const v of ["https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil", "javascript:alert(1)", "/a\r\nb", "evil", `/${"a".repeat(1001)}`]) {
      expect(safeRedirectPath(v)).toBe("/");
    }
  });
});
