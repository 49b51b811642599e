import { createResource, onCleanup } from "solid-js";
import { workbenchApi, type WidgetView } from "../../data/workbench.ts";
import { onLiveNotification } from "../notifications/live.ts";

/** Coming back to the page (tab focus, app resumed) reloads it when the last load is older than this. */
const STALE_MS = 15_000;
const LIVE_SETTLE_MS = 1_000;

/**
 * The workbench's data: one load of every widget, a reload when the page is looked at again or a
 * notification arrives, and a retry of one widget that replaces only that widget.
 */
export function createWorkbenchState() {
  let loadedAt = 0;
  const [view, { refetch, mutate }] = createResource(async () => {
    const v = await workbenchApi.load();
    loadedAt = Date.now();
    return v;
  });

  const reload = () => void refetch();
  const reloadIfStale = () => {
    if (document.visibilityState === "visible" && Date.now() - loadedAt > STALE_MS && !view.loading) reload();
  };
  document.addEventListener("visibilitychange", reloadIfStale);
  window.addEventListener("focus", reloadIfStale);
  // A burst of notifications (a digest, a failing job retried) reloads once, shortly after the last one.
  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  const stopLive = onLiveNotification(() => {
    clearTimeout(liveTimer);
    liveTimer = setTimeout(reload, LIVE_SETTLE_MS);
  });
  onCleanup(() => {
    document.removeEventListener("visibilitychange", reloadIfStale);
    window.removeEventListener("focus", reloadIfStale);
    stopLive();
    clearTimeout(liveTimer);
  });

  /** Loads one widget again; its card shows the new state (a failure stays that card's error). */
  async function retry(id: string): Promise<void> {
    let next: WidgetView;
    try {
      next = await workbenchApi.widget(id);
    } catch {
      return reload();
    }
    mutate((v) => v && { ...v, widgets: v.widgets.map((w) => (w.id === id ? next : w)) });
  }

  return { view, reload, retry };
}
