import { createSignal, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Icon } from "../../ui/icons.tsx";
import { FeedbackDialog } from "./feedback-dialog.tsx";
import "./feedback.css";

/**
 * The feedback entry of every page: in the phone top bar, and on desktops a tab on the right edge
 * (rendered by the sidebar, so it shows exactly when the sidebar does). Each place has its own
 * dialog (only one of them is on screen at a time).
 */
export function FeedbackButton(props: { where: "topbar" | "sidebar" }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  return (
    <>
      <button
        type="button" class={`feedback-btn feedback-btn--${props.where}`} data-testid="feedback-open" data-where={props.where}
        title={tr("feedback.open_title")} aria-label={tr("feedback.open_title")} aria-haspopup="dialog" onClick={() => setOpen(true)}
      >
        <Icon name="feedback" size={16} />
        <span>{tr("feedback.open")}</span>
      </button>
      <FeedbackDialog open={open()} onOpenChange={setOpen} />
    </>
  );
}
