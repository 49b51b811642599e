import type { RegisterWidget } from "../workbench.contract.ts";
import { lockedUsersWidget, pendingUsersWidget } from "./accounts.widget.ts";
import { myActivityWidget } from "./activity.widget.ts";
import { channelSetupWidget } from "./channels.widget.ts";
import { openFeedbackWidget } from "./feedback.widget.ts";
import { unreadNotificationsWidget } from "./notifications.widget.ts";
import { securityNoticesWidget } from "./security.widget.ts";
import type { CoreWidgetSources } from "./sources.ts";

export type { ChatPlatform, CoreWidgetSources } from "./sources.ts";

/**
 * The widgets of the modules that exist today (notify, audit, IAM, feedback). Later modules (jobs, approvals,
 * tickets, config, alerts) register theirs the same way from the composition root.
 */
export function registerCoreWidgets(register: RegisterWidget, sources: CoreWidgetSources): void {
  register(securityNoticesWidget(sources.attention));
  register(lockedUsersWidget(sources.attention));
  register(pendingUsersWidget(sources.attention));
  register(openFeedbackWidget(sources.feedback));
  register(channelSetupWidget(sources.channels, sources.chatPlatforms));
  register(unreadNotificationsWidget(sources.inbox));
  register(myActivityWidget(sources.audit));
}
