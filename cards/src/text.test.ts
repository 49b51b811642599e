import { describe, expect, it } from "vitest";
import { mapProse, resolveUrl, truncate, truncateMarkdown, utf8Bytes } from "./text.ts";
import { formatDuration, formatTime } from "./templates/format.ts";
import { missingKeys, renderText, translator } from "./i18n.ts";

describe("text helpers", () => {
  it("cuts to the limit with an ellipsis, never through a surrogate pair", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 3)).toBe("abc");
    const cut = truncate("ab😀cd", 4);
    expect(cut).toBe("ab…");
    expect(cut.length).toBeLessThanOrEqual(4);
  });

  it("closes a code fence that a cut left open", () => {
    const cut = truncateMarkdown("intro\n```\n" + "line\n".repeat(100) + "```", 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith("\n```")).toBe(true);
    expect(cut.match(/```/g)).toHaveLength(2);
  });

  it("counts UTF-8 bytes the way the platforms do", () => {
    expect(utf8Bytes("审批")).toBe(6);
    expect(utf8Bytes("ok")).toBe(2);
  });

  it("resolves app paths against the app URL only", () => {
    expect(resolveUrl("/a/b", "https://ops.example.com/")).toBe("https://ops.example.com/a/b");
    expect(resolveUrl("https://x.co/y")).toBe("https://x.co/y");
    expect(resolveUrl("/a/b")).toBeNull();
    expect(resolveUrl("javascript:alert(1)", "https://ops.example.com")).toBeNull();
  });

  it("changes prose only, never code", () => {
    expect(mapProse("a <b> `<c>` ```\n<d>\n```", (p) => p.toUpperCase())).toBe("A <B> `<c>` ```\n<d>\n```");
  });
});

describe("template formatting", () => {
  it("shows times in the schedule's zone, Asia/Shanghai by default", () => {
    expect(formatTime("2026-11-23T07:04:05Z")).toBe("2026-11-23 15:04");
    expect(formatTime("2026-11-23T07:04:05Z", "UTC")).toBe("2026-11-23 07:04");
    expect(formatTime("yesterday")).toBe("yesterday");
    expect(formatTime(undefined)).toBe("—");
  });

  it("shows durations in the reader's language", () => {
    expect(formatDuration(83_000, "en")).toBe("1m 23s");
    expect(formatDuration(3_723_000, "zh-CN")).toBe("1小时2分3秒");
    expect(formatDuration(250, "en")).toBe("250 ms");
    expect(formatDuration(undefined, "en")).toBe("—");
  });
});

describe("render wording", () => {
  it("is complete in both languages and fills placeholders", () => {
    expect(missingKeys(renderText)).toEqual([]);
    expect(translator(renderText, "en")("more_rows", { count: 3 })).toBe("+3 more rows");
    expect(translator(renderText, "zh-CN")("more_rows", { count: 3 })).toBe("还有 3 行未显示");
  });
});
