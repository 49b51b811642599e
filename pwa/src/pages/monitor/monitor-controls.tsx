import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, onCleanup, Show, type JSX } from "solid-js";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { RANGE_KEYS, rangeKey, REFRESH_CHOICES, refreshSeconds, type RangeKey } from "./monitor-format.ts";

/** The whole 监控告警 area's tabs, in one list so the board's and the alerting pages' bars never drift apart. */
export const MONITOR_TABS: { href: string; label: string; end?: boolean }[] = [
  { href: "/monitor", label: "nav.monitor_board", end: true },
  { href: "/monitor/alerts", label: "nav.monitor_alerts" },
  { href: "/monitor/rules", label: "nav.monitor_rules" },
  { href: "/monitor/silences", label: "nav.monitor_silences" },
  { href: "/monitor/nodes", label: "nav.monitor_nodes" },
  { href: "/monitor/slow", label: "nav.monitor_slow" },
];

/**
 * The monitor area's tab bar (every page is monitor:view). `cls` is the stylesheet's prefix: the alerting pages
 * load their own CSS chunk, so they pass `al-nav`.
 */
export function MonitorNav(props: { cls?: string; testId?: string }): JSX.Element {
  const cls = () => props.cls ?? "mon-nav";
  return (
    <nav class={cls()} aria-label={tr("nav.group.monitor")} data-testid={props.testId ?? "monitor-nav"}>
      <Show when={can("monitor:view")}>
        <For each={MONITOR_TABS}>{(t) => <A href={t.href} end={t.end} class={`${cls()}__tab`} activeClass={`${cls()}__tab--active`}>{tr(t.label)}</A>}</For>
      </Show>
    </nav>
  );
}

/** Range (`?range=6h`) and auto-refresh (`?refresh=30`) kept in the URL, so a link or a reload shows the same view. */
export function useRangeParams() {
  const [params, setParams] = useSearchParams<{ range?: string; refresh?: string }>();
  return {
    range: (): RangeKey => rangeKey(params.range),
    refresh: (): number => refreshSeconds(params.refresh),
    setRange: (r: RangeKey) => setParams({ range: r === "1h" ? undefined : r }),
    setRefresh: (s: string) => setParams({ refresh: s === "0" ? undefined : s }),
  };
}

/**
 * Calls `tick` every `seconds()` (0: never) while the tab is visible; a tab coming back into view refreshes at once,
 * so a phone left on the board does not poll in a pocket.
 */
export function useAutoRefresh(seconds: () => number, tick: () => void): void {
  const [visible, setVisible] = createSignal(document.visibilityState === "visible");
  const onVisibility = () => {
    const now = document.visibilityState === "visible";
    if (now && !visible() && seconds() > 0) tick();
    setVisible(now);
  };
  document.addEventListener("visibilitychange", onVisibility);
  onCleanup(() => document.removeEventListener("visibilitychange", onVisibility));
  createEffect(() => {
    const s = seconds();
    if (!s || !visible()) return;
    const timer = setInterval(tick, s * 1000);
    onCleanup(() => clearInterval(timer));
  });
}

/** Range buttons and the auto-refresh choice; `showRange: false` for pages without a time range. */
export function RangeBar(props: { range: RangeKey; onRange: (r: RangeKey) => void; refresh: number; onRefresh: (s: string) => void; onReload: () => void }): JSX.Element {
  return (
    <div class="mon-bar" data-testid="monitor-range-bar">
      <div class="mon-seg" role="group" aria-label={tr("monitor.range")}>
        <For each={RANGE_KEYS}>
          {(r) => (
            <button type="button" class="mon-seg__btn" classList={{ "mon-seg__btn--on": props.range === r }} aria-pressed={props.range === r} data-range={r} onClick={() => props.onRange(r)}>
              {tr(`monitor.range_${r}`)}
            </button>
          )}
        </For>
      </div>
      <label class="mon-refresh">
        <span class="muted">{tr("monitor.auto_refresh")}</span>
        <select class="input input--sm" value={String(props.refresh)} data-testid="monitor-refresh" onChange={(e) => props.onRefresh(e.currentTarget.value)}>
          <For each={REFRESH_CHOICES}>{(s) => <option value={s}>{tr(`monitor.refresh_${s}`)}</option>}</For>
        </select>
      </label>
      <button type="button" class="btn btn--secondary btn--sm" onClick={() => props.onReload()} data-testid="monitor-reload">{tr("common.refresh")}</button>
    </div>
  );
}
