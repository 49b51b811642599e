import { LOCALES } from "@ops/shared";
import { describe, expect, it } from "vitest";
import { missingKeys, renderText } from "../i18n.ts";
import { SAMPLES } from "../testing/fixtures.ts";
import { TARGETS, confirmedActions, decodedActions, formFields, problems, renderEverywhere, toneShown } from "../testing/render-all.ts";
import * as T from "./index.ts";

/** Chinese wording of every dictionary (placeholders removed): none of it may leak into an English card. */
const ZH_FRAGMENTS = [
  T.approvalText, T.configDiffText, T.jobRunText, T.jobAlertText, T.jobBackfillText, T.flowRunText, T.reportDigestText, T.alertText, T.alertListText, T.ticketText, T.helpText,
  T.whoamiText, T.bindInstructionsText, T.notificationText, T.errorText, renderText,
]
  .flatMap((d) => Object.values(d["zh-CN"]))
  .flatMap((v) => v.split(/\$\{\w+\}/))
  .map((f) => f.trim())
  .filter((f) => /[\u4e00-\u9fff]/.test(f) && f.length >= 3 && !f.includes("运行、审批"));

const cases = SAMPLES.flatMap((s) => LOCALES.map((locale) => [s.name, locale, s] as const));

describe.each(cases)("%s (%s)", (_name, locale, sample) => {
  const card = sample.card(locale);
  const out = renderEverywhere(card);

  it("renders within every platform limit", () => {
    const found = problems(out);
    for (const target of TARGETS) expect(found[target], target).toEqual([]);
  });

  it("offers its actions with their values on every interactive platform", () => {
    const decoded = decodedActions(out);
    for (const [platform, actions] of Object.entries(decoded)) {
      const pairs = actions.map((a) => ({ action: a.action, value: a.value }));
      expect(pairs, platform).toEqual(sample.actions.map((a) => ({ action: a.action, value: a.value })));
    }
  });

  it("asks for confirmation where the template does", () => {
    const expected = sample.actions.filter((a) => a.confirm).map((a) => a.action);
    for (const [platform, confirmed] of Object.entries(confirmedActions(out))) expect(confirmed, platform).toEqual(expected);
  });

  it("asks for its form fields", () => {
    for (const [platform, names] of Object.entries(formFields(out))) expect(names, platform).toEqual(sample.inputs ?? []);
  });

  it("shows its tone on every platform", () => {
    for (const [target, shown] of Object.entries(toneShown(out, card.header.tone))) expect(shown, target).toBe(true);
  });

  it("keeps the whole card when it fits (no truncation notice)", () => {
    expect(out.web.notice).toBeNull();
    expect(JSON.stringify(out.slack)).not.toContain("✂️");
  });

  it("renders without an app URL: app links are left out and nothing claims to be cut", () => {
    const bare = renderEverywhere(card, undefined);
    const found = problems(bare);
    for (const target of TARGETS) expect(found[target], target).toEqual([]);
    expect(JSON.stringify(bare)).not.toContain("✂️");
    // The PWA is the app, so only the chat platforms must not carry bare app paths.
    const chat = { ...bare, web: null };
    expect(JSON.stringify(chat)).not.toMatch(/"(url|default_url|actionURL|image_url)":"\//);
  });

  it("speaks the requested language", () => {
    expect(card.locale).toBe(locale);
    if (locale !== "en") return;
    const text = JSON.stringify(card);
    for (const fragment of ZH_FRAGMENTS) expect(text, fragment).not.toContain(fragment);
  });
});

describe("template dictionaries", () => {
  it("give the language check something to look for", () => {
    expect(ZH_FRAGMENTS.length).toBeGreaterThan(100);
  });

  it.each([
    ["approval", T.approvalText],
    ["config-diff", T.configDiffText],
    ["job-run", T.jobRunText],
    ["job-backfill", T.jobBackfillText],
    ["flow-run", T.flowRunText],
    ["report-digest", T.reportDigestText],
    ["alert", T.alertText],
    ["alert-list", T.alertListText],
    ["ticket", T.ticketText],
    ["help", T.helpText],
    ["whoami", T.whoamiText],
    ["bind-instructions", T.bindInstructionsText],
    ["error", T.errorText],
  ])("%s is complete in zh-CN and en", (_n, dict) => {
    expect(missingKeys(dict)).toEqual([]);
  });
});

describe("template content", () => {
  it("defaults to zh-CN", () => {
    expect(T.helpCard().locale).toBe("zh-CN");
    expect(T.helpCard().header.title).toBe("OPS 命令帮助");
  });

  it("shows the decision instead of buttons once an approval is decided", () => {
    const card = SAMPLES.find((s) => s.name === "approval rejected")!.card("en");
    expect(card.header.tone).toBe("danger");
    expect(JSON.stringify(card.blocks)).toContain("Rejected by zhangwei · 15:04");
  });

  it("never shows the internals of an unexposed error", () => {
    const card = SAMPLES.find((s) => s.name === "error 5xx")!.card("zh-CN");
    const text = JSON.stringify(card);
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("db.exploded");
    expect(text).toContain("err_42");
    expect(card.header.tone).toBe("danger");
  });

  it("explains field errors of an exposed error in the reader's language", () => {
    const card = SAMPLES.find((s) => s.name === "error 4xx")!.card("en");
    expect(JSON.stringify(card.blocks)).toContain("Required");
    expect(card.summary).toBe("The request has invalid fields");
  });

  it("counts a config diff's changes by kind", () => {
    const card = SAMPLES.find((s) => s.name === "config diff")!.card("en");
    expect(card.header.subtitle).toBe("Version 41 → 42 · +1 ~1 -1");
  });

  it("narrows help to the commands given, with the platform's prefix", () => {
    const card = T.helpCard({ prefix: "", commands: ["run"] }, "en");
    const md = card.blocks[0]!.type === "markdown" ? card.blocks[0].text : "";
    expect(md).toBe("- `run <job> [k=v…]` Run a job, with optional parameters");
  });
});
