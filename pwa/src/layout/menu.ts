import { MENU, type MenuItem } from "../config.ts";
import { can } from "../providers/auth.ts";

/** Menu entries the signed-in user may open (menu permission codes; "*" opens everything). */
export function visibleMenu(): MenuItem[] {
  return MENU.filter((m) => !m.code || can(m.code));
}

export const MENU_GROUPS = [
  { id: "iam", label: "nav.group.iam" },
  { id: "jobs", label: "nav.group.jobs" },
  { id: "audit", label: "nav.group.audit" },
  { id: "support", label: "nav.group.support" },
  { id: "help", label: "nav.group.help" },
] as const;
