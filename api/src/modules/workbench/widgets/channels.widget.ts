import { hasMessage, t, type Locale } from "@ops/shared";
import type { WidgetDefinition } from "../workbench.contract.ts";
import type { ChannelsSource, ChatPlatform, CoreWidgetSources } from "./sources.ts";

/** What the user does to open a channel, per reason; a reason without its own text shows the notification center's message. */
const STEP_KEY = (reason: string) => `workbench.channels.step.${reason}`;

/**
 * 完善通知渠道: the steps only the user can take so that notifications reach them outside the app (bind a
 * chat account, add an e-mail address or phone number, allow push in this browser). Channels the server
 * lacks are an administrator's matter (env) and are left out: the user could do nothing about them.
 * The same goes for chat: binding an account is a step only when the server runs at least one of
 * Slack, Feishu or DingTalk (the web chat console needs no binding), and the step names those.
 */
export function channelSetupWidget(channels: ChannelsSource, chatPlatforms: CoreWidgetSources["chatPlatforms"]): WidgetDefinition {
  return {
    id: "notify.channel_setup",
    kind: "todo",
    title: "workbench.channels.title",
    permission: null,
    order: 30,
    empty: { text: "workbench.channels.empty", action: { label: "workbench.notifications.settings", href: "/notifications/preferences" } },
    async load({ actor, locale }) {
      const configured = typeof chatPlatforms === "function" ? await chatPlatforms() : chatPlatforms;
      const open = (await channels.availability(actor.userId, locale))
        .filter((c) => !c.available && c.setup?.audience === "user" && c.reason)
        .filter((c) => c.channel !== "im" || configured.length > 0);
      const platforms = platformList(locale, configured);
      return {
        count: open.length,
        items: open.map((c) => ({
          title: hasMessage(STEP_KEY(c.reason!)) ? t(locale, STEP_KEY(c.reason!), { platforms }) : c.message ?? c.reason!,
          subtitle: t(locale, `workbench.channels.channel.${c.channel}`),
          href: c.setup?.audience === "user" ? c.setup.href : null,
          tone: "info",
        })),
        more: open.length > 0 ? { label: "workbench.notifications.settings", href: "/notifications/preferences" } : null,
      };
    },
  };
}

/**
 * "Slack、飞书或钉钉" / "Slack, Feishu or DingTalk": the configured platforms in the reader's language.
 * Chinese text puts a space between itself and a Latin name ("在 Slack 或钉钉中"), so the list carries it.
 */
function platformList(locale: Locale, platforms: readonly ChatPlatform[]): string {
  const names = platforms.map((p) => t(locale, `workbench.channels.platform.${p}`));
  const list = names.length <= 1
    ? names.join("")
    : t(locale, "workbench.channels.platforms_or", { list: names.slice(0, -1).join(t(locale, "workbench.channels.platforms_separator")), last: names.at(-1)! });
  if (locale === "en") return list;
  const spaced = list.replace(/([A-Za-z])(?=[\u4e00-\u9fff])/g, "$1 ").replace(/([\u4e00-\u9fff])(?=[A-Za-z])/g, "$1 ");
  return spaced.replace(/^(?=[A-Za-z])/, " ").replace(/(?<=[A-Za-z])$/, " ");
}
