/** The UI text is complete in both languages, and every key the code asks for exists. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { missingUiTranslations, translate } from "../src/i18n/index.ts";
// areas whose words load with their chunk register them on import
import "../src/pages/reports/texts.ts";
import "../src/pages/monitor/texts.ts";
import "../src/pages/monitor/alerts/texts.ts";
import "../src/pages/notifications/sensitive-words-texts.ts";
import "../src/pages/notifications/notify-webhooks-texts.ts";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Literal keys: tr("a.b"), label: "nav.x", title: "settings.y", and "x.y" strings handed to tr through a ternary. */
function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const file of sources(SRC)) {
    if (file.includes(`${join("src", "i18n")}`)) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\btr\(\s*"([\w.-]+)"/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\b(?:label|title): "((?:nav|settings)\.[\w.]+)"/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\? "((?:online|users)\.[\w]+)" : "((?:online|users)\.[\w]+)"/g)) for (const k of m.slice(1)) keys.add(k);
  }
  return [...keys];
}

describe("PWA UI text", () => {
  it("has every key in zh-CN and en", () => {
    expect(missingUiTranslations()).toEqual([]);
  });

  it("defines every literal key the code uses", () => {
    const keys = literalKeys();
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((k) => translate("zh-CN", k) === k || translate("en", k) === k)).toEqual([]);
  });

  it("defines the keys built from values (scopes, kinds, statuses, modules, settings)", () => {
    const built = [
      ...["ALL", "DEPT_AND_CHILD", "DEPT", "SELF", "CUSTOM"].map((s) => `roles.scope_${s}`),
      ...["menu", "button", "api"].map((k) => `roles.kind_${k}`),
      ...["active", "disabled"].map((s) => `users.status_${s}`),
      ...["delete", "reset", "unlock"].map((a) => `users.confirm_${a}`),
      ...["delete", "reset_password", "unlock"].map((a) => `users.${a}`),
      ...["iam", "audit", "http"].map((m) => `audit.module_${m}`),
      ...["generic", "wecom"].flatMap((k) => [`nwh.kind.${k}`, `nwh.url_hint.${k}`]),
    ];
    expect(built.filter((k) => translate("en", k) === k || translate("zh-CN", k) === k)).toEqual([]);
  });

  it("fills placeholders", () => {
    expect(translate("zh-CN", "common.total", { total: 3 })).toBe("共 3 条");
    expect(translate("en", "common.total", { total: 3 })).toBe("3 in total");
  });
});
