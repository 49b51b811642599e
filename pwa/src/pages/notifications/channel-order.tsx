import { For, type JSX } from "solid-js";
import type { OutboundChannel } from "../../data/notifications.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";

/** The outbound channels in the order they are tried; buttons rather than drag so it works by touch and keyboard. */
export function ChannelOrder(props: { order: OutboundChannel[]; onChange: (order: OutboundChannel[]) => void }): JSX.Element {
  const move = (from: number, to: number) => {
    const next = [...props.order];
    [next[from], next[to]] = [next[to]!, next[from]!];
    props.onChange(next);
  };
  return (
    <ol class="prefs__order" data-testid="pref-order">
      <For each={props.order}>
        {(ch, i) => (
          <li data-channel={ch}>
            <span>{i() + 1}. {tr(`prefs.channel_${ch}`)}</span>
            <Button size="sm" variant="ghost" aria-label={tr("prefs.move_up")} title={tr("prefs.move_up")} disabled={i() === 0} onClick={() => move(i(), i() - 1)}>↑</Button>
            <Button size="sm" variant="ghost" aria-label={tr("prefs.move_down")} title={tr("prefs.move_down")} disabled={i() === props.order.length - 1} onClick={() => move(i(), i() + 1)}>↓</Button>
          </li>
        )}
      </For>
    </ol>
  );
}
