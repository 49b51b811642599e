import { For, Show, type JSX } from "solid-js";
import { auditChanges, auditReasonText, auditResultName, auditViaText, type AuditChange } from "@ops/shared/contracts/audit.ts";
import type { AuditLog } from "../../data/types.ts";
import { locale, tr } from "../../providers/i18n.ts";
import { resultBadge } from "./result-badge.ts";

const pretty = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v, null, 2));
const plain = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

/** One changed field: old → new, or for lists what was added and removed. */
function ChangeValue(props: { change: AuditChange }): JSX.Element {
  const c = props.change;
  return (
    <Show
      when={c.added || c.removed}
      fallback={
        <span class="row row--tight">
          <code class="badge badge--danger" data-testid="audit-change-before">{plain(c.before)}</code>
          <span aria-hidden="true">→</span>
          <code class="badge badge--ok" data-testid="audit-change-after">{plain(c.after)}</code>
        </span>
      }
    >
      <span class="row row--tight">
        <For each={c.added ?? []}>{(v) => <code class="badge badge--ok" data-testid="audit-change-added">+ {plain(v)}</code>}</For>
        <For each={c.removed ?? []}>{(v) => <code class="badge badge--danger" data-testid="audit-change-removed">− {plain(v)}</code>}</For>
        <Show when={!c.added?.length && !c.removed?.length}>
          <span class="muted">{tr("audit.reordered")}</span>
        </Show>
      </span>
    </Show>
  );
}

/** The expanded row: request facts, the changed fields (old → new), and the raw snapshots on demand. */
export function AuditDetail(props: { log: AuditLog }): JSX.Element {
  const l = props.log;
  const changes = auditChanges(l.before, l.after);
  return (
    <div class="audit-detail" data-testid="audit-detail">
      <dl class="facts facts--inline">
        <dt>{tr("audit.action_code")}</dt>
        <dd><code data-testid="audit-action-code">{l.module}.{l.action}</code></dd>
        <dt>{tr("audit.result")}</dt>
        <dd>
          <span class={`badge ${resultBadge(l.status)}`}>{auditResultName(locale(), l.status)}</span> <span class="muted">HTTP {l.status}</span>
        </dd>
        <Show when={l.error_code}>
          <dt>{tr("audit.error_code")}</dt>
          <dd data-testid="audit-reason">
            {auditReasonText(locale(), l.error_code)} <code class="muted">{l.error_code}</code>
          </dd>
        </Show>
        <Show when={l.actor_username}>
          <dt>{tr("audit.actor_username")}</dt>
          <dd>{l.actor_username}</dd>
        </Show>
        <dt>{tr("audit.request")}</dt>
        <dd><code>{l.method} {l.path}</code></dd>
        <dt>{tr("audit.request_id")}</dt>
        <dd><code>{l.request_id ?? "—"}</code></dd>
        <dt>IP</dt>
        <dd>{l.ip ?? "—"}</dd>
        <dt>{tr("audit.via")}</dt>
        <dd data-testid="audit-via">{auditViaText(locale(), l.via)}</dd>
      </dl>
      <Show when={changes.length}>
        <h4>{tr("audit.changed")}</h4>
        <dl class="facts facts--inline" data-testid="audit-changes">
          <For each={changes}>
            {(c) => (
              <>
                <dt><code data-testid="audit-change-path">{c.path || "—"}</code></dt>
                <dd data-path={c.path}><ChangeValue change={c} /></dd>
              </>
            )}
          </For>
        </dl>
      </Show>
      <Show when={l.before != null || l.after != null}>
        <details>
          <summary>{tr("audit.raw")}</summary>
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
        </details>
      </Show>
    </div>
  );
}
