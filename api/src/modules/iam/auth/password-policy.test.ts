import { describe, expect, it } from "vitest";
import { isPasswordExpired, passwordExpiresAt, policyViolations, type PasswordPolicy } from "./password-policy.ts";

const policy: PasswordPolicy = { min_length: 8, min_classes: 3, history: 5, expiry_days: 90 };

describe("password policy rules", () => {
  it("accepts a long enough password with enough character classes", () => {
    expect(policyViolations("Abcdefg1", policy)).toEqual([]);
    expect(policyViolations("abcdef1!", policy)).toEqual([]);
    expect(policyViolations("密码很长的中文Ab1", policy)).toEqual([]);
  });

  it("names each broken rule", () => {
    expect(policyViolations("Ab1!", policy)).toEqual(["iam.password_too_short"]);
    expect(policyViolations("abcdefgh1", policy)).toEqual(["iam.password_too_simple"]);
    expect(policyViolations("abc", policy)).toEqual(["iam.password_too_short", "iam.password_too_simple"]);
    expect(policyViolations("Zhangwei#2026", policy, "zhangwei")).toEqual(["iam.password_contains_username"]);
    expect(policyViolations("Ab1#Ab1#x", policy, "ab")).toEqual([]); // too short a name to judge
  });

  it("counts length in characters, not bytes, and honours the class count", () => {
    expect(policyViolations("密码密码密码密A", { ...policy, min_classes: 2 })).toEqual([]);
    expect(policyViolations("abcdefgh", { ...policy, min_classes: 1 })).toEqual([]);
    expect(policyViolations("abcdefG1", { ...policy, min_classes: 4 })).toEqual(["iam.password_too_simple"]);
  });

  it("expires after expiry_days from the last change; 0 or no change date never expires", () => {
    const changed = "2026-01-01T00:00:00.000Z";
    expect(passwordExpiresAt(changed, policy)?.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(isPasswordExpired(changed, policy, new Date("2026-03-31T23:59:59.000Z"))).toBe(false);
    expect(isPasswordExpired(changed, policy, new Date("2026-04-01T00:00:00.000Z"))).toBe(true);
    expect(isPasswordExpired(changed, { expiry_days: 0 }, new Date("2030-01-01T00:00:00.000Z"))).toBe(false);
    expect(isPasswordExpired(null, policy, new Date("2030-01-01T00:00:00.000Z"))).toBe(false);
  });
});
