import { Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import type { BindPreview } from "./bind-request.ts";
import { platformLabel } from "./bindings-platform.ts";

/**
 * The chat account a binding code came from (platform, workspace, display name, id), and what
 * confirming means: that account will act as the signed-in user. Shown before anything is bound,
 * so a code someone else asked for is recognisable as not one's own.
 */
export function BindRequester(props: { preview: BindPreview; user: string }): JSX.Element {
  const workspace = () => props.preview.workspace_name ?? props.preview.workspace_id;
  return (
    <div class="alert alert--warn" data-testid="bind-requester">
      <dl class="facts">
        <dt>{tr("bindings.platform")}</dt>
        <dd data-testid="bind-requester-platform">{platformLabel(props.preview.platform)}</dd>
        <Show when={workspace()}>
          <dt>{tr("bindings.workspace")}</dt>
          <dd data-testid="bind-requester-workspace">{workspace()}</dd>
        </Show>
        <dt>{tr("bindings.name")}</dt>
        <dd data-testid="bind-requester-name">{props.preview.name ?? "—"}</dd>
        <dt>{tr("bindings.external_id")}</dt>
        <dd><code data-testid="bind-requester-id">{props.preview.external_user_id}</code></dd>
      </dl>
      <p data-testid="bind-warning">{tr("bindings.acts_as", { user: props.user, platform: platformLabel(props.preview.platform) })}</p>
    </div>
  );
}
