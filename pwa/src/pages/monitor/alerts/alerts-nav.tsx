import { A } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";

/**
 * The monitoring area's tabs as the alerting pages show them: the board, alerts, rules and silences, nodes and
 * slow queries, so every page of the area is one tap away (the board's own tabs name the same pages).
 */
export function AlertsNav(): JSX.Element {
  const tabs = [
    { href: "/monitor", label: "nav.monitor_board", end: true },
    { href: "/monitor/alerts", label: "alerts.nav.alerts" },
    { href: "/monitor/rules", label: "alerts.nav.rules" },
    { href: "/monitor/silences", label: "alerts.nav.silences" },
    { href: "/monitor/nodes", label: "nav.monitor_nodes" },
    { href: "/monitor/slow", label: "nav.monitor_slow" },
  ];
  return (
    <nav class="al-nav" aria-label={tr("alerts.nav.label")} data-testid="alerts-nav">
      <Show when={can("monitor:view")}>
        <For each={tabs}>{(t) => <A href={t.href} end={t.end} class="al-nav__tab" activeClass="al-nav__tab--active">{tr(t.label)}</A>}</For>
      </Show>
    </nav>
  );
}
