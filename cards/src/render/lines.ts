/** Tables and diffs as text lines, for platforms without a table component (Slack, DingTalk markdown). */
import type { DiffBlock, DiffRow, TableBlock } from "../card.ts";
import type { Translate } from "../i18n.ts";

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").replace(/```/g, "'''");

export function tableLines(b: TableBlock, sep = " | "): { head: string; rows: string[] } {
  return {
    head: b.columns.map((c) => oneLine(c.label)).join(sep),
    rows: b.rows.map((r) => b.columns.map((c) => oneLine(r[c.key] ?? "")).join(sep)),
  };
}

export type DiffKind = "added" | "removed" | "changed";

export function diffKind(r: DiffRow): DiffKind {
  if (r.before === null) return "added";
  if (r.after === null) return "removed";
  return "changed";
}

export function diffLine(r: DiffRow, tr: Translate): string {
  const show = (v: string | null) => (v === null || v === "" ? tr("empty") : oneLine(v));
  switch (diffKind(r)) {
    case "added":
      return `+ ${oneLine(r.key)}: ${show(r.after)}`;
    case "removed":
      return `- ${oneLine(r.key)}: ${show(r.before)}`;
    default:
      return `~ ${oneLine(r.key)}: ${show(r.before)} → ${show(r.after)}`;
  }
}

export const diffLines = (b: DiffBlock, tr: Translate): string[] => b.rows.map((r) => diffLine(r, tr));

/**
 * Join as many whole lines as fit in `max` characters once wrapped; the caller learns how many were left out
 * (a half row would mislead more than a missing one).
 */
export function fitLines(
  lines: string[],
  max: number,
  wrap: (body: string) => string,
  moreNote: (count: number) => string,
): { text: string; dropped: number } {
  let kept = lines.length;
  for (;;) {
    const dropped = lines.length - kept;
    const body = lines.slice(0, kept).join("\n");
    const text = dropped ? `${wrap(body)}\n${moreNote(dropped)}` : wrap(body);
    if (text.length <= max || kept === 0) return { text, dropped };
    // Jump close to the answer first, then step line by line.
    const ratio = max / text.length;
    kept = ratio < 0.9 ? Math.floor(kept * ratio) : kept - 1;
  }
}
