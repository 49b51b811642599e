import { hasPermission, t } from "@ops/shared";
import type { WidgetDefinition } from "../workbench.contract.ts";
import type { AttentionSource, AttentionUser } from "./sources.ts";

/**
 * The users page reads its filters from the URL and opens one user's details from `?id=`: a to-do
 * opens the filtered list, an item that account's details (with its unlock and reset buttons) over it.
 */
const usersHref = (status: "locked" | "pending", u?: AttentionUser) =>
  `/iam/users?status=${status}${u ? `&id=${encodeURIComponent(u.id)}` : ""}`;

const name = (u: AttentionUser) => (u.display_name && u.display_name !== u.username ? `${u.display_name} (${u.username})` : u.username);

/** 待解锁账号: accounts locked out by wrong passwords, for those who may unlock them (within their data scope). */
export function lockedUsersWidget(attention: AttentionSource): WidgetDefinition {
  return {
    id: "iam.locked_users",
    kind: "todo",
    title: "workbench.locked.title",
    permission: "iam:user:unlock",
    order: 10,
    empty: { text: "workbench.locked.empty" },
    async load({ actor, locale }) {
      const list = await attention.lockedUsers(actor);
      return {
        count: list.total,
        items: list.items.map((u) => ({ title: name(u), subtitle: t(locale, "workbench.locked.reason"), href: usersHref("locked", u), at: u.at, tone: "danger" })),
        more: list.total > 0 ? { label: "workbench.locked.more", href: usersHref("locked") } : null,
      };
    },
  };
}

/**
 * 待激活账号: active accounts nobody has signed in to yet or still waiting for their first password
 * change: people an administrator may need to chase or send their initial password again.
 */
export function pendingUsersWidget(attention: AttentionSource): WidgetDefinition {
  return {
    id: "iam.pending_users",
    kind: "todo",
    title: "workbench.pending.title",
    permission: "iam:user:reset-password",
    order: 20,
    async load({ actor, locale }) {
      const list = await attention.pendingUsers(actor);
      const mayCreate = hasPermission(actor, "iam:user:create");
      return {
        count: list.total,
        items: list.items.map((u) => ({
          title: name(u),
          subtitle: t(locale, u.never_signed_in ? "workbench.pending.never_signed_in" : "workbench.pending.must_change_password"),
          href: usersHref("pending", u),
          at: u.at,
          tone: "warning",
        })),
        more: list.total > 0 ? { label: "workbench.pending.more", href: usersHref("pending") } : null,
        empty: { text: "workbench.pending.empty", action: mayCreate ? { label: "workbench.pending.create", href: "/iam/users" } : null },
      };
    },
  };
}
