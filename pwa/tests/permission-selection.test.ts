/** Tri-state permission picking used by the role editor. */
import { describe, expect, it } from "vitest";
import type { PermissionNode } from "../src/data/types.ts";
import { checkState, toggle } from "../src/pages/iam/roles/permission-selection.ts";

const leaf = (code: string): PermissionNode => ({ code, kind: "button", name: code, children: [] });
const tree: PermissionNode[] = [
  {
    code: "menu:audit", kind: "menu", name: "audit", children: [
      { code: "menu:audit:logs", kind: "menu", name: "logs", children: [leaf("audit:log:list"), leaf("audit:log:export")] },
      { code: "menu:audit:login-logs", kind: "menu", name: "logins", children: [leaf("audit:login-log:list")] },
    ],
  },
];
const [audit] = tree;
const logs = audit!.children[0]!;
const exportCode = logs.children[1]!;

describe("permission selection", () => {
  it("checking a leaf takes the menus above it and leaves the parents partly checked", () => {
    const s = toggle(tree, new Set(), exportCode);
    expect([...s].sort()).toEqual(["audit:log:export", "menu:audit", "menu:audit:logs"]);
    expect(checkState(exportCode, s)).toBe("checked");
    expect(checkState(logs, s)).toBe("indeterminate");
    expect(checkState(audit!, s)).toBe("indeterminate");
  });

  it("checking a parent takes its whole subtree; unchecking drops it and orphaned ancestors", () => {
    const all = toggle(tree, new Set(), logs);
    expect(checkState(logs, all)).toBe("checked");
    expect(all.has("audit:log:list") && all.has("audit:log:export") && all.has("menu:audit")).toBe(true);
    const none = toggle(tree, all, logs);
    expect([...none]).toEqual([]);
    expect(checkState(audit!, none)).toBe("unchecked");
  });

  it("unchecking one of two leaves keeps the shared menus", () => {
    const both = toggle(tree, toggle(tree, new Set(), exportCode), logs.children[0]!);
    expect(checkState(logs, both)).toBe("checked");
    const one = toggle(tree, both, exportCode);
    expect([...one].sort()).toEqual(["audit:log:list", "menu:audit", "menu:audit:logs"]);
  });

  it("inherited codes stay (they belong to the parent role)", () => {
    const inherited = new Set(["audit:log:list"]);
    const s = toggle(tree, new Set(), logs, inherited);
    expect(s.has("audit:log:list")).toBe(false);
    expect(s.has("audit:log:export")).toBe(true);
    expect(checkState(logs, new Set([...s, ...inherited]))).toBe("checked");
  });
});
