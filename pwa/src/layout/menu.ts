import { MENU, type MenuItem } from "../config.ts";
import { can } from "../providers/auth.ts";

/** Menu entries the signed-in user may open (menu permission codes; "*" opens everything). */
export function visibleMenu(): MenuItem[] {
  return MENU.filter((m) => !m.code || can(m.code));
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * The entry's own highlight rule where the router's (exact or prefix) is not enough: `except`
 * keeps a prefix entry dark under another entry's path. Undefined: the router decides.
 */
export function litClass(m: MenuItem, path: string, cls: string): Record<string, boolean> | undefined {
  return m.except ? { [cls]: under(path, m.path) && !under(path, m.except) } : undefined;
}

export const MENU_GROUPS = [
  { id: "iam", label: "nav.group.iam" },
  { id: "jobs", label: "nav.group.jobs" },
  { id: "audit", label: "nav.group.audit" },
  { id: "support", label: "nav.group.support" },
  { id: "monitor", label: "nav.group.monitor" },
  { id: "help", label: "nav.group.help" },
] as const;
