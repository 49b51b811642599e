import { describe, expect, it } from "vitest";
import { missingKeys } from "../i18n.ts";
import { nodes, problems, renderEverywhere, TARGETS } from "../testing/render-all.ts";
import { helpCard, helpText } from "./help.ts";
import { helpTopicCard, helpTopicText } from "./help-topic.ts";

const topic = (extra: Partial<Parameters<typeof helpTopicCard>[0]> = {}) =>
  helpTopicCard({
    title: "运行作业 · run", summary: "立即运行一个作业，可以用 键=值 传参数。",
    examples: ["运行 日报", "运行 日报 date=2026-11-01"], url: "/help/command-run", ...extra,
  }, "zh-CN");

/** Every URL a reader can follow in each platform's output. */
function urls(card: ReturnType<typeof topic>, appUrl?: string) {
  const r = renderEverywhere(card, appUrl);
  const dingtalkMessage = JSON.stringify(r.dingtalkMessage);
  return {
    slack: nodes(r.slack.blocks).flatMap((n) => (typeof n.url === "string" ? [n.url] : [])),
    feishu: nodes(r.feishu.body).flatMap((n) => (typeof n.url === "string" ? [n.url] : typeof n.default_url === "string" ? [n.default_url] : [])),
    dingtalkCard: [...JSON.parse(r.dingtalkCard.cardData.cardParamMap.buttons!).map((b: { url: string }) => b.url), r.dingtalkCard.cardData.cardParamMap.link_url].filter(Boolean),
    dingtalkMessage: [...dingtalkMessage.matchAll(/https?:\/\/[^"\\)\s]+/g)].map((m) => m[0]),
    web: nodes(r.web.blocks).flatMap((n) => (typeof n.url === "string" ? [n.url] : [])),
  };
}

describe("help cards on every platform", () => {
  it("are complete in zh-CN and en", () => {
    expect(missingKeys(helpTopicText)).toEqual([]);
    expect(missingKeys(helpText)).toEqual([]);
  });

  it("help <command> shows the page's title, summary and examples, and links to the page, within every platform's limits", () => {
    const card = topic();
    const r = renderEverywhere(card);
    for (const target of TARGETS) {
      expect(problems(r)[target]).toEqual([]);
      const text = JSON.stringify(r[target]);
      expect(text, target).toContain("运行作业 · run");
      expect(text, target).toContain("立即运行一个作业");
      expect(text, target).toContain("运行 日报 date=2026-11-01");
    }
    const links = urls(card, "https://ops.example.com");
    for (const target of TARGETS) {
      const expected = target === "web" ? "/help/command-run" : "https://ops.example.com/help/command-run";
      expect(links[target], target).toContain(expected);
    }
    expect(links.slack).toContain("https://ops.example.com/help");
  });

  it("keeps an absolute page link without an app URL; an app path then stays only in the web console", () => {
    const absolute = urls(topic({ url: "https://ops.example.test/help/command-run", helpUrl: "https://ops.example.test/help" }), "");
    for (const target of TARGETS) expect(absolute[target], target).toContain("https://ops.example.test/help/command-run");
    const relative = urls(topic(), "");
    expect(relative.web).toEqual(["/help/command-run", "/help"]);
    expect(relative.slack).toEqual([]);
  });

  it("says when the reader may not use the command", () => {
    const card = helpTopicCard({ title: "run a job", summary: "Runs a job now.", examples: [], url: "/help/command-run", missingPermission: "jobs:run" }, "en");
    const text = JSON.stringify(renderEverywhere(card).web);
    expect(text).toContain("You may not use this command yet (it needs `jobs:run`)");
    expect(text).not.toContain("Examples");
  });

  it("the command list ends with the in-app help line and a link to the help center on every platform", () => {
    const card = helpCard({ prefix: "", commands: ["help", "run"], helpUrl: "https://ops.example.test/help", notice: "没有命令「foo」的帮助页面" }, "zh-CN");
    const r = renderEverywhere(card, "");
    for (const target of TARGETS) {
      const text = JSON.stringify(r[target]);
      expect(text, target).toContain("更多用法见应用内帮助");
      expect(text, target).toContain("https://ops.example.test/help");
      expect(text, target).toContain("没有命令「foo」的帮助页面");
      expect(problems(r)[target]).toEqual([]);
    }
    expect(JSON.stringify(renderEverywhere(helpCard({}, "en")).slack)).toContain("More in the in-app help");
  });
});
