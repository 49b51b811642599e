import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";

/** The table's pages side by side: its data, its history, its releases (the current one is plain text). */
export function TableLinks(props: { table: string; here: "history" | "releases" }): JSX.Element {
  const base = () => `/config/${encodeURIComponent(props.table)}`;
  return (
    <nav class="config-flow__links" data-testid="config-table-links">
      <A class="btn btn--secondary btn--md" href={base()} end>{tr("configFlow.links.data")}</A>
      <A class="btn btn--md" classList={{ "btn--primary": props.here === "history", "btn--secondary": props.here !== "history" }} href={`${base()}/history`} data-testid="link-history">{tr("configFlow.links.history")}</A>
      <A class="btn btn--md" classList={{ "btn--primary": props.here === "releases", "btn--secondary": props.here !== "releases" }} href={`${base()}/releases`} data-testid="link-releases">{tr("configFlow.links.releases")}</A>
    </nav>
  );
}
