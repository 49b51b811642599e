import { For, type JSX } from "solid-js";
import type { DatasetPreview } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";

/** A dataset preview's rows with its row count and timing. */
export function PreviewTable(props: { preview: DatasetPreview }): JSX.Element {
  return (
    <div data-testid="dataset-preview">
      <p class="muted" data-testid="dataset-preview-stats">
        {tr("reports.ds.preview_stats", { rows: props.preview.row_count, ms: props.preview.ms })}
        {props.preview.truncated ? ` · ${tr("reports.ds.preview_truncated")}` : ""}
      </p>
      <div class="table-wrap rpt-preview-table">
        <table class="table rpt-grid">
          <thead><tr><For each={props.preview.columns}>{(c) => <th>{c.label || c.name}</th>}</For></tr></thead>
          <tbody>
            <For each={props.preview.rows}>
              {(row) => <tr><For each={props.preview.columns}>{(c) => <td>{row[c.name] === null || row[c.name] === undefined ? "—" : String(row[c.name])}</td>}</For></tr>}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
