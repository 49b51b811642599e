import { describe, expect, it } from "vitest";
import { conflictingKeys, missingTranslations, pickLocale, t } from "./index.ts";
import { PERMISSIONS } from "../permissions.ts";

describe("i18n", () => {
  it("has every message in both languages", () => {
    expect(missingTranslations()).toEqual([]);
  });

  it("never words one key twice across catalogues", () => {
    expect(conflictingKeys()).toEqual([]);
  });

  it("fills placeholders and falls back to the key", () => {
    expect(t("en", "common.rate_limited", { retry_after: 7 })).toBe("Too many requests, retry in 7 s");
    expect(t("zh-CN", "no.such.key")).toBe("no.such.key");
  });

  it("picks zh-CN unless the caller prefers English", () => {
    expect(pickLocale(undefined)).toBe("zh-CN");
    expect(pickLocale("en-US,en;q=0.9,zh;q=0.8")).toBe("en");
    expect(pickLocale("zh-TW,en;q=0.5")).toBe("zh-CN");
    expect(pickLocale("fr-FR")).toBe("zh-CN");
  });

  it("names every permission in both languages, with known parents", () => {
    const codes = new Set(PERMISSIONS.map((p) => p.code));
    expect(codes.size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) {
      expect(p.name["zh-CN"] && p.name.en, p.code).toBeTruthy();
      if (p.parent) expect(codes.has(p.parent), p.code).toBe(true);
    }
  });
});
