import { For, Show, type JSX } from "solid-js";
import { formatTime, tr } from "../../../providers/i18n.ts";
import type { AlertEvent } from "./alerts-api.ts";

const TONE: Partial<Record<AlertEvent["kind"], string>> = {
  fired: "al-tl--danger", escalated: "al-tl--danger", repeated: "al-tl--warn", acknowledged: "al-tl--warn", resolved: "al-tl--ok", recovered: "al-tl--ok", silenced: "al-tl--muted",
};

/** How it happened in words; a channel the text does not know shows as the API names it. */
function viaName(via: string): string {
  const key = `alerts.via.${via}`;
  const text = tr(key);
  return text === key ? via : text;
}

/** What happened to one alert, oldest first: fired, notified, escalated, acknowledged by whom and how (chat, web). */
export function AlertTimeline(props: { events: AlertEvent[] }): JSX.Element {
  const sorted = () => [...props.events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol class="al-timeline" data-testid="alert-timeline">
      <For each={sorted()} fallback={<li class="muted">{tr("alerts.timeline_empty")}</li>}>
        {(e) => (
          <li class={TONE[e.kind] ?? ""} data-testid="alert-event" data-kind={e.kind}>
            <div>
              <strong>{tr(`alerts.event.${e.kind}`)}</strong>
              <Show when={e.actor_name ?? e.actor}>{(who) => <span> · {tr("alerts.event_by", { name: who() })}</span>}</Show>
              <Show when={e.via}>{(via) => <span class="badge badge--muted badge--kind al-timeline__via">{viaName(via())}</span>}</Show>
            </div>
            <Show when={e.note}><p class="al-timeline__note">{e.note}</p></Show>
            <time class="al-timeline__when" datetime={e.at}>{formatTime(e.at)}</time>
          </li>
        )}
      </For>
    </ol>
  );
}
