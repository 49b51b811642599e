import { For, Show, type JSX } from "solid-js";
import type { ChannelAvailability, ChannelSetup, RecipientChannel } from "@ops/shared/contracts/notify.ts";
import { api } from "../../data/client.ts";
import { tr } from "../../providers/i18n.ts";
import type { PushState } from "./push.ts";

export type Availability = Pick<ChannelAvailability, "channel" | "available" | "message" | "setup">;

/**
 * Which channels can reach me (GET /notifications/channels), with the reason and the setup for the
 * others. A failed answer shows no availability rather than breaking the settings page.
 */
export const loadChannels = (): Promise<ChannelAvailability[]> => api.get<ChannelAvailability[]>("/notifications/channels").catch(() => []);

/**
 * The server's answer refined for this device: push needs a subscription in this browser, so an
 * unsupported or refused browser, or one not subscribed, shows push as unavailable with the toggle.
 */
export function onThisDevice(rows: ChannelAvailability[], push: PushState): Availability[] {
  return rows.map((r) => {
    if (r.channel !== "push" || r.setup?.audience === "admin" || push === "checking") return r;
    if (push === "on") return { ...r, available: true, message: null, setup: null };
    return { ...r, available: false, message: tr(`push.state_${push}`), setup: { audience: "user", href: "#push" } };
  });
}

/** Where to set a channel up: a page of mine, or (administrators) the server settings below. */
export function setupHref(channel: RecipientChannel, setup: ChannelSetup): string {
  return setup.audience === "user" ? setup.href : `#setup-${channel}`;
}

export function ChannelStatus(props: { channels: Availability[] }): JSX.Element {
  const admin = () => props.channels.filter((c) => c.setup?.audience === "admin");
  return (
    <div class="card" data-testid="channel-status">
      <h2 class="section-title section-title--first">{tr("prefs.channels")}</h2>
      <ul class="channel-status">
        <For each={props.channels}>
          {(c) => (
            <li data-testid="channel-availability" data-channel={c.channel} data-available={String(c.available)}>
              <span class="channel-status__name">{tr(`prefs.channel_${c.channel}`)}</span>
              <Show when={!c.available} fallback={<span class="badge badge--ok">{tr("prefs.available")}</span>}>
                <span class="badge badge--warn">{tr("prefs.unavailable")}</span>
                <span class="channel-status__reason" data-testid="channel-reason">{c.message}</span>
                <Show when={c.setup}>
                  {(s) => (
                    <a class="channel-status__setup" data-testid="channel-setup" href={setupHref(c.channel, s())}>
                      {tr(s().audience === "admin" ? "prefs.setup_admin" : `prefs.setup_${c.channel}`)}
                    </a>
                  )}
                </Show>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={admin().length > 0}>
        <div class="channel-status__admin">
          <h3 class="channel-status__admin-title">{tr("prefs.setup_admin_title")}</h3>
          <For each={admin()}>
            {(c) => (
              <p id={`setup-${c.channel}`} data-testid="channel-admin-setup" data-channel={c.channel}>
                {tr("prefs.setup_admin_env", {
                  channel: tr(`prefs.channel_${c.channel}`),
                  env: c.setup?.audience === "admin" ? c.setup.env.join(", ") : "",
                })}
              </p>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}
