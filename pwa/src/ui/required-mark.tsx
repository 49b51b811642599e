import { Show, type JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";

/**
 * The required marker after a field's label, shown before any submit: a red asterisk titled
 * 必填 / Required. Hidden from screen readers, which hear the control's aria-required instead.
 */
export function RequiredMark(props: { when?: boolean }): JSX.Element {
  return (
    <Show when={props.when}>
      <span class="field__required text-danger" title={tr("common.required")} aria-hidden="true" data-required-mark="">
        {" *"}
      </span>
    </Show>
  );
}
