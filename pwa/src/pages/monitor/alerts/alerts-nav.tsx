import { A } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";

/** The alerting area's own tabs: alerts, rules, silences (each as permitted). */
export function AlertsNav(): JSX.Element {
  const tabs = [
    { href: "/monitor/alerts", label: "alerts.nav.alerts", code: "monitor:view" },
    { href: "/monitor/rules", label: "alerts.nav.rules", code: "monitor:view" },
    { href: "/monitor/silences", label: "alerts.nav.silences", code: "monitor:view" },
  ];
  return (
    <nav class="al-nav" aria-label={tr("alerts.nav.label")} data-testid="alerts-nav">
      <For each={tabs}>
        {(t) => (
          <Show when={can(t.code)}>
            <A href={t.href} class="al-nav__tab" activeClass="al-nav__tab--active">{tr(t.label)}</A>
          </Show>
        )}
      </For>
    </nav>
  );
}
