import { createSignal, For, Show, type JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";
import { notifyError } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { rulesApi, type MetricUnit, type RuleTestGroup } from "./alerts-api.ts";
import { formatValue, labelsText } from "./format.ts";

/** 试运行: the saved rule evaluated now, nothing sent; one row per group with its value and whether it would fire. */
export function RuleTest(props: { ruleId: string; unit?: MetricUnit | null }): JSX.Element {
  const [groups, setGroups] = createSignal<RuleTestGroup[] | null>(null);
  const [busy, setBusy] = createSignal(false);
  const run = async () => {
    setBusy(true);
    try {
      setGroups(await rulesApi.test(props.ruleId));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const fires = (g: RuleTestGroup) => g.firing ?? g.matches ?? false;
  return (
    <div class="al-test" data-testid="rule-test">
      <Button loading={busy()} onClick={() => void run()} data-testid="rule-test-run">{tr("rules.test")}</Button>
      <span class="field__hint">{tr("rules.test_hint")}</span>
      <Show when={groups()}>
        {(gs) => (
          <table class="al-test__table" data-testid="rule-test-result">
            <thead><tr><th>{tr("rules.test_group")}</th><th>{tr("rules.test_value")}</th><th>{tr("rules.test_state")}</th></tr></thead>
            <tbody>
              <For each={gs()} fallback={<tr><td colspan="3" class="muted">{tr("rules.test_empty")}</td></tr>}>
                {(g) => (
                  <tr data-testid="rule-test-row" data-firing={fires(g) ? "1" : "0"}>
                    <td><code>{labelsText(g.labels) || tr("rules.test_all")}</code></td>
                    <td>{formatValue(g.value, props.unit)}</td>
                    <td><span class={`badge ${fires(g) ? "badge--danger" : "badge--ok"}`}>{tr(fires(g) ? "rules.test_fires" : "rules.test_ok")}</span></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
    </div>
  );
}
