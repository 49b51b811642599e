import { createSignal, Show, type JSX } from "solid-js";
import { FEEDBACK_LIMITS } from "../../data/feedback.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { ScreenshotError, screenshotFromFile } from "./screenshot.ts";

const KB = Math.floor(FEEDBACK_LIMITS.screenshotBytes / 1024);

/** An optional PNG/JPEG: picked from files (or the phone's gallery), shrunk to fit, previewed, removable. */
export function ScreenshotPicker(props: { value: string | null; onChange: (dataUrl: string | null) => void; error?: string }): JSX.Element {
  const [problem, setProblem] = createSignal<string | null>(null);
  const [input, setInput] = createSignal<HTMLInputElement>();

  const picked = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    try {
      props.onChange(await screenshotFromFile(file));
    } catch (e) {
      setProblem(tr(e instanceof ScreenshotError ? e.key : "feedback.screenshot_invalid", { kb: KB }));
    } finally {
      const el = input();
      if (el) el.value = "";
    }
  };

  return (
    <div class="field feedback-shot" data-testid="feedback-screenshot">
      <span class="field__label">{tr("feedback.screenshot")}</span>
      <input
        ref={setInput} type="file" accept="image/png,image/jpeg" class="feedback-shot__input" data-testid="feedback-screenshot-input"
        aria-label={tr("feedback.screenshot_pick")} onChange={(e) => void picked(e.currentTarget.files?.[0])}
      />
      <Show
        when={props.value}
        fallback={<Button size="sm" onClick={() => input()?.click()}>{tr("feedback.screenshot_pick")}</Button>}
      >
        {(src) => (
          <div class="feedback-shot__preview">
            <img src={src()} alt={tr("feedback.screenshot_view")} data-testid="feedback-screenshot-preview" />
            <Button size="sm" variant="ghost" onClick={() => props.onChange(null)}>{tr("feedback.screenshot_remove")}</Button>
          </div>
        )}
      </Show>
      <span class="field__hint">{tr("feedback.screenshot_hint", { kb: KB })}</span>
      <Show when={problem() ?? props.error}>
        <span class="field__error" role="alert">{problem() ?? props.error}</span>
      </Show>
    </div>
  );
}
