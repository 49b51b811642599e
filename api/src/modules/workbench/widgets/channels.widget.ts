import { hasMessage, t } from "@ops/shared";
import type { WidgetDefinition } from "../workbench.contract.ts";
import type { ChannelsSource } from "./sources.ts";

/** What the user does to open a channel, per reason; a reason without its own text shows the notification center's message. */
const STEP_KEY = (reason: string) => `workbench.channels.step.${reason}`;

/**
 * 完善通知渠道: the steps only the user can take so that notifications reach them outside the app (bind a
 * chat account, add an e-mail address or phone number, allow push in this browser). Channels the server
 * lacks are an administrator's matter (env) and are left out: the user could do nothing about them.
 */
export function channelSetupWidget(channels: ChannelsSource): WidgetDefinition {
  return {
    id: "notify.channel_setup",
    kind: "todo",
    title: "workbench.channels.title",
    permission: null,
    order: 30,
    empty: { text: "workbench.channels.empty", action: { label: "workbench.notifications.settings", href: "/notifications/preferences" } },
    async load({ actor, locale }) {
      const open = (await channels.availability(actor.userId, locale)).filter((c) => !c.available && c.setup?.audience === "user" && c.reason);
      return {
        count: open.length,
        items: open.map((c) => ({
          title: hasMessage(STEP_KEY(c.reason!)) ? t(locale, STEP_KEY(c.reason!)) : c.message ?? c.reason!,
          subtitle: t(locale, `workbench.channels.channel.${c.channel}`),
          href: c.setup?.audience === "user" ? c.setup.href : null,
          tone: "info",
        })),
        more: open.length > 0 ? { label: "workbench.notifications.settings", href: "/notifications/preferences" } : null,
      };
    },
  };
}
