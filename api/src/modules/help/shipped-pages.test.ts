import { describe, expect, it } from "vitest";
import { COMMANDS, LOCALES, parseCommand } from "@ops/shared";
import { commandCard } from "./help-commands.ts";
import type { HelpPage } from "./help.deps.ts";
import { loadShippedPages, parsePage } from "./shipped-pages.ts";

/** The shipped pages stay complete and true to the chat grammar (shared/src/chat). */
const shipped = loadShippedPages();
const asRead = (locale: string): HelpPage[] =>
  shipped.filter((p) => p.locale === locale).map((p) => ({ ...p, source: "shipped", version: 0, updated_at: null, updated_by: null }));

describe("shipped help pages", () => {
  it("ship the same pages in zh-CN and en", () => {
    const slugs = (l: string) => shipped.filter((p) => p.locale === l).map((p) => p.slug).sort();
    expect(slugs("zh-CN").length).toBeGreaterThanOrEqual(20);
    expect(slugs("en")).toEqual(slugs("zh-CN"));
  });

  it("explain every command of the grammar, and every example parses as that command", () => {
    for (const locale of LOCALES) {
      for (const spec of COMMANDS) {
        const card = commandCard(asRead(locale), spec.kind, { publicUrl: null, origin: null });
        expect(card.examples.length, `${locale} ${spec.kind}`).toBeGreaterThan(0);
        const kinds = card.examples.map((e) => {
          const parsed = parseCommand(e);
          return parsed.ok ? parsed.command.kind : `unparsed: ${e}`;
        });
        // a page may cover a pair (pause/resume, approve/reject, config get/diff): every example is one of its commands
        const words = asRead(locale).find((p) => p.slug === card.slug)!.commands;
        const family = COMMANDS.filter((c) => words.includes(c.kind.split(".")[0]!)).map((c) => c.kind);
        for (const k of kinds) expect(family, `${locale} ${card.slug}: ${kinds.join(", ")}`).toContain(k);
      }
    }
  });

  it("refuse a malformed page with the file named", () => {
    expect(() => parsePage("# no front matter", "en", "x.md")).toThrow("help page en/x.md: no front matter");
    expect(() => parsePage("---\nslug: y\ntitle: T\nsummary: S\ncategory: start\n---\nbody", "en", "x.md")).toThrow(/does not match the file name/);
    expect(() => parsePage("---\nslug: x\ntitle: T\nsummary: S\ncategory: nope\n---\nbody", "en", "x.md")).toThrow(/unknown category "nope"/);
    expect(parsePage("---\nslug: x\ntitle: T\nsummary: S\ncategory: faq\norder: 5\ncommands: Run, runs\naliases: 运行\n---\n\nbody\n", "zh-CN", "x.md")).toMatchObject({
      slug: "x", order: 5, commands: ["run", "runs"], aliases: ["运行"], body: "body", category: "faq",
    });
  });
});
