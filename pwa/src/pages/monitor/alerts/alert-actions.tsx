import { createSignal, For, Show, type JSX } from "solid-js";
import { isApiError } from "../../../data/api-error.ts";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify, notifyError } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { alertsApi, type Alert, type SilenceDuration } from "./alerts-api.ts";

const DURATIONS: SilenceDuration[] = ["1h", "4h", "24h"];

/**
 * Acknowledge / Resolve / Silence (1h, 4h, 24h) for monitor:ack holders, offered by status as the chat card offers
 * them. Someone else may have got there first (a card in chat, another tab): the API answers 409 with the current
 * status, which is shown, and `onChanged()` reloads so the row says who changed it.
 */
export function AlertActions(props: { alert: Alert; onChanged: (a?: Alert) => void; compact?: boolean }): JSX.Element {
  const [busy, setBusy] = createSignal<string | null>(null);
  const [silencing, setSilencing] = createSignal(false);
  const a = () => props.alert;
  const run = async (key: string, fn: () => Promise<Alert>, done: string) => {
    setBusy(key);
    try {
      const next = await fn();
      notify.success(tr(done));
      setSilencing(false);
      props.onChanged(next);
    } catch (e) {
      notifyError(e);
      if (isApiError(e) && e.status === 409) props.onChanged();
    } finally {
      setBusy(null);
    }
  };
  const size = () => (props.compact ? "sm" : "md");
  return (
    <Show when={can("monitor:ack") && a().status !== "resolved"}>
      <div class="al-actions" data-testid="alert-actions">
        <Show when={a().status === "firing"}>
          <Button size={size()} variant="primary" loading={busy() === "ack"} data-testid="alert-ack" onClick={() => void run("ack", () => alertsApi.ack(a().id), "alerts.done.ack")}>
            {tr("alerts.ack")}
          </Button>
        </Show>
        <Button size={size()} loading={busy() === "resolve"} data-testid="alert-resolve" onClick={() => void run("resolve", () => alertsApi.resolve(a().id), "alerts.done.resolve")}>
          {tr("alerts.resolve")}
        </Button>
        <Show when={a().status !== "silenced"}>
          <Show when={silencing()} fallback={<Button size={size()} variant="ghost" data-testid="alert-silence" onClick={() => setSilencing(true)}>{tr("alerts.silence")}</Button>}>
            <span class="al-actions__durations" role="group" aria-label={tr("alerts.silence")}>
              <For each={DURATIONS}>
                {(d) => (
                  <Button size={size()} variant="ghost" loading={busy() === d} data-testid={`alert-silence-${d}`} onClick={() => void run(d, () => alertsApi.silence(a().id, d), "alerts.done.silence")}>
                    {tr(`alerts.silence_${d}`)}
                  </Button>
                )}
              </For>
            </span>
          </Show>
        </Show>
      </div>
    </Show>
  );
}
