import { Dialog as KDialog } from "@kobalte/core/dialog";
import type { JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Icon } from "../../ui/icons.tsx";

/** A side sheet over the list (full screen on phones): the list keeps its filters and page behind it. */
export function FeedbackSheet(props: { open: boolean; onClose: () => void; children: JSX.Element }): JSX.Element {
  return (
    <KDialog open={props.open} onOpenChange={(o) => !o && props.onClose()}>
      <KDialog.Portal>
        <KDialog.Overlay class="fb-sheet__overlay" />
        <KDialog.Content class="fb-sheet" data-testid="feedback-sheet">
          <header class="fb-sheet__header">
            <KDialog.Title class="dialog__title">{tr("feedback.detail")}</KDialog.Title>
            <KDialog.CloseButton class="icon-btn" aria-label={tr("common.close")}><Icon name="close" /></KDialog.CloseButton>
          </header>
          <div class="fb-sheet__body">{props.children}</div>
        </KDialog.Content>
      </KDialog.Portal>
    </KDialog>
  );
}
