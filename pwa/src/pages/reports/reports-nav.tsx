import { A } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";

/** The reports area's own tabs: reports, datasets, datasources, subscriptions, metrics (each as permitted). */
export function ReportsNav(): JSX.Element {
  const tabs = [
    { href: "/reports", label: "reports.nav_reports", code: "reports:view", end: true },
    { href: "/reports/datasets", label: "reports.nav_datasets", code: "reports:manage" },
    { href: "/reports/datasources", label: "reports.nav_datasources", code: "reports:datasource" },
    { href: "/reports/subscriptions", label: "reports.nav_subscriptions", code: "reports:subscribe" },
    { href: "/reports/metrics", label: "reports.nav_metrics", code: "reports:view" },
  ];
  return (
    <nav class="rpt-nav" aria-label={tr("nav.reports")}>
      <For each={tabs}>
        {(t) => (
          <Show when={can(t.code)}>
            <A href={t.href} end={t.end} class="rpt-nav__tab" activeClass="rpt-nav__tab--active">{tr(t.label)}</A>
          </Show>
        )}
      </For>
    </nav>
  );
}
