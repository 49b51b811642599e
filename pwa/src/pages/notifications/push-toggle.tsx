import { createSignal, onMount, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Switch } from "../../ui/switch.tsx";
import { currentPushState, disablePush, enablePush, type PushState } from "./push.ts";

/** Push on/off for this browser, saying plainly when the browser cannot or may not. */
export function PushToggle(props: { onState?: (state: PushState) => void }): JSX.Element {
  const [state, setSignal] = createSignal<PushState>("checking");
  const setState = (s: PushState) => {
    setSignal(s);
    props.onState?.(s);
  };
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  onMount(() => void currentPushState().then(setState, () => setState("unsupported")));

  const toggle = async (on: boolean) => {
    setBusy(true);
    setError("");
    try {
      const next = on ? await enablePush() : await disablePush();
      setState(next);
      if (next === "on") notify.success(tr("push.enabled"));
      if (!on) notify.success(tr("push.disabled"));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const shown = () => (error() ? "error" : state());
  const message = () => (error() ? tr("push.state_error", { message: error() }) : tr(`push.state_${state()}`));
  return (
    <div class="card" id="push" data-testid="push-toggle">
      <h2 class="section-title section-title--first">{tr("push.title")}</h2>
      <Switch
        label={tr("push.toggle")}
        checked={state() === "on"}
        disabled={busy() || state() === "checking" || state() === "unsupported" || state() === "denied"}
        onChange={(v) => void toggle(v)}
      />
      <p class="push-state" role="status" data-testid="push-state" data-state={shown()}>{message()}</p>
    </div>
  );
}
