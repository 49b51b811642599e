import type { JSX } from "solid-js";
import { MonitorNav } from "../monitor-controls.tsx";

/** The alerting pages show the area's one tab bar (board, alerts, rules, silences, nodes, slow queries). */
export function AlertsNav(): JSX.Element {
  return <MonitorNav cls="al-nav" testId="alerts-nav" />;
}
