import { createResource, Show, type JSX } from "solid-js";
import { locale, tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { Dialog } from "../../../ui/dialog.tsx";
import { monitorApi, type SlowQuery, type SlowQueryGroup } from "../monitor-api.ts";
import { formatMs, formatTime } from "../monitor-format.ts";

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notify.success(tr("monitor.q.copied"));
  } catch {
    notify.error(tr("monitor.q.copy_failed"));
  }
}

/** The statement, monospace and wrapped, with a copy button. */
export function SqlBlock(props: { sql: string }): JSX.Element {
  return (
    <div class="mon-sql">
      <pre class="mon-sql__text" data-testid="slow-sql">{props.sql}</pre>
      <Button size="sm" onClick={() => void copy(props.sql)} data-testid="slow-copy">{tr("monitor.q.copy")}</Button>
    </div>
  );
}

/** One recorded statement: the full SQL (read again from the API), who ran it for what, when, how long, rows. */
export function SlowDetailSheet(props: { item: SlowQuery | null; onClose: () => void }): JSX.Element {
  const [full] = createResource(() => props.item?.id, (id) => monitorApi.slowQuery(id).catch(() => null));
  const q = () => full() ?? props.item;
  return (
    <Dialog open={!!props.item} onOpenChange={(o) => !o && props.onClose()} title={tr("monitor.q.detail_title")} size="lg" testid="slow-detail">
      <Show when={q()}>
        {(s) => (
          <div class="mon-detail">
            <SqlBlock sql={s().sql} />
            <dl class="mon-facts">
              <dt>{tr("monitor.q.duration")}</dt><dd data-testid="slow-detail-duration">{formatMs(s().duration_ms, locale())}</dd>
              <dt>{tr("monitor.q.rows")}</dt><dd>{s().rows ?? "—"}</dd>
              <dt>{tr("monitor.q.user")}</dt><dd data-testid="slow-detail-user">{s().username ?? s().user_id ?? "—"}</dd>
              <dt>{tr("monitor.q.at")}</dt><dd>{formatTime(s().at, locale())}</dd>
              <dt>{tr("monitor.q.source")}</dt><dd>{tr(`monitor.q.source_${s().source}`)}{s().ref_name ? ` · ${s().ref_name}` : ""}</dd>
              <dt>{tr("monitor.q.datasource")}</dt><dd>{s().datasource_name ?? s().datasource_id ?? "—"}</dd>
              <Show when={s().error}><dt>{tr("monitor.q.error")}</dt><dd class="mon-bad">{s().error}</dd></Show>
            </dl>
            <p class="muted mon-meta">{tr("monitor.q.fingerprint")}: <code>{s().fingerprint}</code></p>
          </div>
        )}
      </Show>
    </Dialog>
  );
}

/** One statement shape: its sample SQL and the figures over the log. */
export function GroupSheet(props: { group: SlowQueryGroup | null; onClose: () => void }): JSX.Element {
  return (
    <Dialog open={!!props.group} onOpenChange={(o) => !o && props.onClose()} title={tr("monitor.q.group_title")} size="lg" testid="slow-group">
      <Show when={props.group}>
        {(g) => (
          <div class="mon-detail">
            <SqlBlock sql={g().sample_sql} />
            <dl class="mon-facts">
              <dt>{tr("monitor.q.count")}</dt><dd>{g().count}</dd>
              <dt>{tr("monitor.q.avg")}</dt><dd>{formatMs(g().avg_ms, locale())}</dd>
              <dt>P95</dt><dd>{formatMs(g().p95_ms, locale())}</dd>
              <dt>{tr("monitor.q.max")}</dt><dd>{formatMs(g().max_ms, locale())}</dd>
              <dt>{tr("monitor.q.total")}</dt><dd>{formatMs(g().total_ms, locale())}</dd>
              <dt>{tr("monitor.q.last_at")}</dt><dd>{formatTime(g().last_at, locale())}</dd>
              <dt>{tr("monitor.q.source")}</dt><dd>{g().sources.map((s) => tr(`monitor.q.source_${s}`)).join(", ")}</dd>
              <dt>{tr("monitor.q.datasource")}</dt><dd>{g().datasources.join(", ") || "—"}</dd>
            </dl>
            <p class="muted mon-meta">{tr("monitor.q.fingerprint")}: <code>{g().fingerprint}</code></p>
          </div>
        )}
      </Show>
    </Dialog>
  );
}
