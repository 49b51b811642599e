import { Show, type JSX } from "solid-js";
import type { AuditLog } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";

const pretty = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v, null, 2));

/** Top-level keys whose value differs between the snapshots: what the change was about. */
export function changedKeys(before: unknown, after: unknown): string[] {
  const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const a = obj(before);
  const b = obj(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== "updated_at" && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** The expanded row: request facts and the before/after snapshots the service noted. */
export function AuditDetail(props: { log: AuditLog }): JSX.Element {
  const l = props.log;
  return (
    <div class="audit-detail" data-testid="audit-detail">
      <dl class="facts facts--inline">
        <dt>{tr("audit.request")}</dt>
        <dd><code>{l.method} {l.path}</code></dd>
        <dt>{tr("audit.request_id")}</dt>
        <dd><code>{l.request_id ?? "—"}</code></dd>
        <dt>IP</dt>
        <dd>{l.ip ?? "—"}</dd>
        <dt>{tr("audit.via")}</dt>
        <dd>{l.via}</dd>
        <Show when={changedKeys(l.before, l.after).length}>
          <dt>{tr("audit.changed")}</dt>
          <dd class="row row--tight" data-testid="audit-changed">
            {changedKeys(l.before, l.after).map((k) => <span class="badge badge--warn">{k}</span>)}
          </dd>
        </Show>
        <Show when={l.error_code}>
          <dt>{tr("audit.error_code")}</dt>
          <dd><code>{l.error_code}</code></dd>
        </Show>
      </dl>
      <div class="diff">
        <div>
          <h4>{tr("audit.before")}</h4>
          <pre data-testid="audit-before">{pretty(l.before)}</pre>
        </div>
        <div>
          <h4>{tr("audit.after")}</h4>
          <pre data-testid="audit-after">{pretty(l.after)}</pre>
        </div>
      </div>
    </div>
  );
}
