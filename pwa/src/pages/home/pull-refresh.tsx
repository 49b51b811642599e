import { createSignal, onCleanup, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";

/** How far (px) a pull must go before letting go reloads; the indicator stops growing a little beyond. */
export const PULL_THRESHOLD = 70;
const PULL_MAX = 110;

/**
 * Pull to refresh on touch screens: a downward drag that starts with the page scrolled to the top
 * shows 下拉刷新 → 松开刷新, and letting go past the threshold calls `onRefresh`. Listeners are passive:
 * scrolling is never held up.
 */
export function PullRefresh(props: { onRefresh: () => void }): JSX.Element {
  const [pull, setPull] = createSignal(0);
  let startY: number | null = null;
  const start = (e: TouchEvent) => {
    startY = window.scrollY <= 0 && e.touches.length === 1 ? e.touches[0]!.clientY : null;
  };
  const move = (e: TouchEvent) => {
    if (startY === null) return;
    setPull(Math.max(0, Math.min(PULL_MAX, e.touches[0]!.clientY - startY)));
  };
  const end = () => {
    if (startY !== null && pull() >= PULL_THRESHOLD) props.onRefresh();
    startY = null;
    setPull(0);
  };
  document.addEventListener("touchstart", start, { passive: true });
  document.addEventListener("touchmove", move, { passive: true });
  document.addEventListener("touchend", end);
  document.addEventListener("touchcancel", end);
  onCleanup(() => {
    document.removeEventListener("touchstart", start);
    document.removeEventListener("touchmove", move);
    document.removeEventListener("touchend", end);
    document.removeEventListener("touchcancel", end);
  });
  return (
    <Show when={pull() > 0}>
      <div class="pull-refresh" style={{ height: `${pull()}px` }} role="status" data-testid="pull-refresh" data-ready={pull() >= PULL_THRESHOLD ? "true" : "false"}>
        {pull() >= PULL_THRESHOLD ? tr("home.pull_release") : tr("home.pull_hint")}
      </div>
    </Show>
  );
}
