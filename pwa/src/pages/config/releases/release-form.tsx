import { createSignal, Show, type JSX } from "solid-js";
import { configFlowApi, type GraySpec } from "../../../data/config-flow.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { Switch } from "../../../ui/switch.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { words } from "./status.ts";

/** Only the parts given: a share above 0, named consumers, labels. */
function graySpec(percent: number, consumers: string[], labels: string[]): GraySpec {
  return { ...(percent > 0 ? { percent } : {}), ...(consumers.length ? { consumers } : {}), ...(labels.length ? { labels } : {}) };
}

/** 手动发布 (config:publish): release the newest version, in full or gray (a share, named consumers, labels). */
export function ReleaseForm(props: { table: string; version: number; onReleased: () => void }): JSX.Element {
  const [note, setNote] = createSignal("");
  const [gray, setGray] = createSignal(false);
  const [percent, setPercent] = createSignal(10);
  const [consumers, setConsumers] = createSignal("");
  const [labels, setLabels] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      const spec = gray() ? graySpec(percent(), words(consumers()), words(labels())) : null;
      const r = await configFlowApi.release(props.table, { gray: spec, note: note().trim() });
      notify.success(tr("configFlow.rel.released", { n: r.number }));
      setNote("");
      props.onReleased();
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card config-flow__form" data-testid="release-form" onSubmit={(e) => void submit(e)}>
      <h2>{tr("configFlow.rel.new_title", { v: props.version })}</h2>
      <TextField label={tr("configFlow.rel.note")} name="note" value={note()} onChange={setNote} error={errors.of("note")} />
      <Switch label={tr("configFlow.rel.gray_switch")} checked={gray()} onChange={setGray} />
      <Show when={gray()}>
        <label class="field">
          <span class="field__label">{tr("configFlow.rel.percent")}</span>
          <span class="config-flow__range">
            <input type="range" min="0" max="100" step="1" name="percent" value={percent()} onInput={(e) => setPercent(Number(e.currentTarget.value))} data-testid="gray-percent" />
            <output>{percent()}%</output>
          </span>
          <span class="field__error">{errors.of("gray.percent")}</span>
        </label>
        <TextField label={tr("configFlow.rel.consumer_names")} name="consumers" value={consumers()} onChange={setConsumers} error={errors.of("gray.consumers")} description={tr("configFlow.rel.comma_hint")} />
        <TextField label={tr("configFlow.rel.labels")} name="labels" value={labels()} onChange={setLabels} error={errors.of("gray.labels")} description={tr("configFlow.rel.comma_hint")} />
      </Show>
      <span class="field__error">{errors.of("gray")}</span>
      <div class="config-flow__actions">
        <Button type="submit" variant="primary" loading={busy()} data-testid="release-submit">{gray() ? tr("configFlow.rel.submit_gray") : tr("configFlow.rel.submit_full")}</Button>
      </div>
    </form>
  );
}
