import { useLocation } from "@solidjs/router";
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import { FEEDBACK_CATEGORIES, FEEDBACK_LIMITS, feedbackApi, feedbackNumber, type FeedbackCategory } from "../../data/feedback.ts";
import { online } from "../../layout/online.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Checkbox } from "../../ui/checkbox.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { capturePageInfo, type PageInfo } from "./context.ts";
import { ScreenshotPicker } from "./screenshot-picker.tsx";

/** The facts "include page info" sends, shown to the user as they will be sent. */
function PageInfoList(props: { info: PageInfo }): JSX.Element {
  const c = () => props.info.context;
  const rows = (): Array<[string, string]> => [
    ["feedback.ctx.page", props.info.page],
    ["feedback.ctx.app_version", c().app_version ?? "—"],
    ["feedback.ctx.language", c().language ?? "—"],
    ["feedback.ctx.viewport", c().viewport ?? "—"],
    ["feedback.ctx.online", tr(c().online ? "feedback.ctx.online_yes" : "feedback.ctx.online_no")],
    ["feedback.ctx.last_error", c().last_error_id ? `${c().last_error_reason ?? ""} (${c().last_error_id})` : tr("feedback.ctx.none")],
    ["feedback.ctx.user_agent", c().user_agent ?? "—"],
  ];
  return (
    <dl class="facts facts--inline feedback-context" data-testid="feedback-context">
      <For each={rows()}>
        {([key, value]) => (
          <>
            <dt>{tr(key)}</dt>
            <dd data-ctx={key.slice("feedback.ctx.".length)}>{value}</dd>
          </>
        )}
      </For>
    </dl>
  );
}

/**
 * File feedback about the current page. The draft survives closing the dialog (and going
 * offline: sending is refused with a notice, nothing is queued); a sent feedback clears it.
 */
export function FeedbackDialog(props: { open: boolean; onOpenChange: (open: boolean) => void }): JSX.Element {
  const location = useLocation();
  const [category, setCategory] = createSignal<FeedbackCategory>("bug");
  const [content, setContent] = createSignal("");
  const [includeInfo, setIncludeInfo] = createSignal(true);
  const [screenshot, setScreenshot] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  // Read when the dialog opens: the page the user was looking at. The query string stays out (it can hold codes).
  const info = createMemo(() => (props.open ? capturePageInfo(location.pathname) : null));

  const reset = () => {
    setCategory("bug");
    setContent("");
    setIncludeInfo(true);
    setScreenshot(null);
    errors.clear();
  };

  const submit = async () => {
    if (!online()) return;
    errors.clear();
    setBusy(true);
    try {
      const pageInfo = includeInfo() ? info() : null;
      const created = await feedbackApi.create({
        category: category(), content: content(), page: pageInfo?.page ?? null, context: pageInfo?.context ?? {}, screenshot: screenshot(),
      });
      notify.success(tr("feedback.submitted", { number: feedbackNumber(created.no) }));
      reset();
      props.onOpenChange(false);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={tr("feedback.dialog_title")}
      testid="feedback-dialog"
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={() => props.onOpenChange(false)}>{tr("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={busy()} disabled={!online()} data-testid="feedback-submit">{tr("feedback.submit")}</Button>
        </>
      }
    >
      <Show when={!online()}>
        <div class="feedback-offline" role="alert" data-testid="feedback-offline">{tr("feedback.offline")}</div>
      </Show>
      <Select
        label={tr("feedback.category")} name="category" required value={category()} onChange={(v) => setCategory(v as FeedbackCategory)}
        options={FEEDBACK_CATEGORIES.map((c) => ({ value: c, label: tr(`feedback.category.${c}`) }))} error={errors.of("category")}
      />
      <TextField
        label={tr("feedback.content")} name="content" required multiline value={content()} onChange={setContent}
        placeholder={tr("feedback.content_placeholder")} error={errors.of("content")}
        description={tr("feedback.content_count", { n: Array.from(content()).length, max: FEEDBACK_LIMITS.contentMax })}
      />
      <ScreenshotPicker value={screenshot()} onChange={setScreenshot} error={errors.of("screenshot")} />
      <div class="feedback-info" data-testid="feedback-include-info">
        <Checkbox label={tr("feedback.include_context")} checked={includeInfo()} onChange={setIncludeInfo} value="include-info" />
        <Show when={includeInfo() && info()} fallback={<p class="muted">{tr("feedback.context_off")}</p>}>
          {(i) => (
            <>
              <p class="muted">{tr("feedback.context_hint")}</p>
              <PageInfoList info={i()} />
            </>
          )}
        </Show>
      </div>
    </Dialog>
  );
}
