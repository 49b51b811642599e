import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { can } from "../../../providers/auth.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { rulesApi, silencesApi, type AlertRule, type AlertSilence } from "./alerts-api.ts";
import { AlertsNav } from "./alerts-nav.tsx";
import { labelsText } from "./format.ts";
import { SilenceDialog } from "./silence-dialog.tsx";
import "./texts.ts";
import "./alerts.css";

function SilenceRow(props: { s: AlertSilence; ruleName: (id: string | null) => string; onExpire?: () => void }): JSX.Element {
  const s = () => props.s;
  return (
    <li class="al-rule" data-testid="silence-item" data-id={s().id} data-active={s().active ? "1" : "0"}>
      <div class="al-item__top">
        <span class="al-item__title">{props.ruleName(s().rule_id)}</span>
        <span class={`badge ${s().active ? "badge--warn" : "badge--muted"}`}>{tr(s().active ? "silences.active" : "silences.expired")}</span>
      </div>
      <div class="al-item__meta">
        <Show when={Object.keys(s().matchers).length} fallback={<span>{tr("silences.all_labels")}</span>}><code class="al-labels">{labelsText(s().matchers)}</code></Show>
        <span>{tr("silences.until", { when: formatTime(s().ends_at) })}</span>
        <span>{tr("silences.by", { name: s().created_by_name ?? s().created_by ?? tr("silences.system") })}</span>
      </div>
      <Show when={s().reason}><p class="al-item__reason">{s().reason}</p></Show>
      <Show when={props.onExpire}><div class="al-rule__controls"><Button size="sm" variant="ghost" data-testid="silence-expire" onClick={() => props.onExpire?.()}>{tr("silences.expire")}</Button></div></Show>
    </li>
  );
}

/** 静默: active silences first (expire one now), then expired ones; a new silence for one rule or any, with matchers. */
export default function SilencesPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => silencesApi.list());
  const [rules] = createResource(() => rulesApi.list().catch(() => [] as AlertRule[]), { initialValue: [] });
  const [creating, setCreating] = createSignal(false);
  const [expiring, setExpiring] = createSignal<AlertSilence | null>(null);
  // any silence is monitor:manage; ending one early is monitor:ack (as the API checks)
  const mayCreate = () => can("monitor:manage");
  const mayExpire = () => can("monitor:ack");
  const ruleName = (id: string | null) => (id ? rules().find((r) => r.id === id)?.name ?? id : tr("silences.any_rule"));
  return (
    <section class="page" data-testid="silences-page">
      <PageHeader title={tr("silences.title")} subtitle={tr("silences.subtitle")}
        actions={<Show when={mayCreate()}><Button variant="primary" onClick={() => setCreating(true)} data-testid="silence-new">{tr("silences.new")}</Button></Show>} />
      <AlertsNav />
      <ResourceView resource={list} retry={refetch}>
        {(all) => (
          <>
            <h4>{tr("silences.active_title")}</h4>
            <ul class="al-list" data-testid="silences-active">
              <For each={all().filter((s) => s.active)} fallback={<li class="state muted">{tr("silences.none_active")}</li>}>
                {(s) => <SilenceRow s={s} ruleName={ruleName} onExpire={mayExpire() ? () => setExpiring(s) : undefined} />}
              </For>
            </ul>
            <h4>{tr("silences.expired_title")}</h4>
            <ul class="al-list" data-testid="silences-expired">
              <For each={all().filter((s) => !s.active)} fallback={<li class="state muted">{tr("silences.none_expired")}</li>}>
                {(s) => <SilenceRow s={s} ruleName={ruleName} />}
              </For>
            </ul>
          </>
        )}
      </ResourceView>
      <SilenceDialog open={creating()} rules={rules()} onClose={() => setCreating(false)} onSaved={() => (setCreating(false), void refetch())} />
      <ConfirmDialog open={!!expiring()} onOpenChange={(o) => !o && setExpiring(null)} title={tr("silences.expire")} confirmLabel={tr("silences.expire")}
        message={tr("silences.expire_confirm", { rule: ruleName(expiring()?.rule_id ?? null) })}
        onConfirm={async () => {
          await silencesApi.expire(expiring()!.id);
          notify.success(tr("silences.done.expired"));
          void refetch();
        }} />
    </section>
  );
}
