import { onCleanup } from "solid-js";
import { onLiveNotification } from "../../notifications/live.ts";

/**
 * Calls `fn` every `ms` while the tab is visible (and at once when it becomes visible again), and on every
 * monitoring notice on the shell's live stream, for as long as the calling component lives.
 */
export function useLiveRefresh(fn: () => void, ms = 15_000): void {
  const tick = () => {
    if (document.visibilityState === "visible") fn();
  };
  const id = setInterval(tick, ms);
  const onVisible = () => tick();
  document.addEventListener("visibilitychange", onVisible);
  const stop = onLiveNotification((n) => {
    if (n.type.startsWith("monitor.")) fn();
  });
  onCleanup(() => {
    clearInterval(id);
    document.removeEventListener("visibilitychange", onVisible);
    stop();
  });
}
