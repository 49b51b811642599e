/**
 * Side-by-side rows from a unified line diff (the API's jsdiff `lines`): unchanged lines sit on both
 * sides; a run of removed lines and the added lines after it are paired row by row, so a changed line
 * reads left→right, and the longer side leaves blanks on the other.
 */
export type DiffLine = { op: "add" | "del" | "same"; text: string };
export type SideCell = { text: string; op: "add" | "del" | "same" } | null;
export type SideRow = { left: SideCell; right: SideCell };

export function sideBySide(lines: DiffLine[]): SideRow[] {
  const rows: SideRow[] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) {
      const d = dels[i];
      const a = adds[i];
      rows.push({ left: d ? { text: d.text, op: "del" } : null, right: a ? { text: a.text, op: "add" } : null });
    }
    dels = [];
    adds = [];
  };
  for (const line of lines) {
    if (line.op === "same") {
      flush();
      rows.push({ left: { text: line.text, op: "same" }, right: { text: line.text, op: "same" } });
    } else if (line.op === "del") {
      // a removal after additions starts a new change block
      if (adds.length) flush();
      dels.push(line);
    } else adds.push(line);
  }
  flush();
  return rows;
}

/** How a field value reads in the diff: JSON pretty-printed, text as it is, nothing as "". */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") {
    const s = v.trim();
    // a JSON field may arrive as its text: pretty-print it when it parses to an object or array
    if ((s.startsWith("{") && s.endsWith("}")) || (s.startsWith("[") && s.endsWith("]"))) {
      try {
        return JSON.stringify(JSON.parse(s), null, 2);
      } catch {
        return v;
      }
    }
    return v;
  }
  if (typeof v === "object") return JSON.stringify(v, null, 2);
  return String(v);
}
