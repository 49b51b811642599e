import { Show, type JSX } from "solid-js";

/** Page title with its main actions on the right (they wrap under the title on phones). */
export function PageHeader(props: { title: string; subtitle?: string; actions?: JSX.Element }): JSX.Element {
  return (
    <div class="page-header">
      <div>
        <h1 class="page-header__title">{props.title}</h1>
        <Show when={props.subtitle}>
          <p class="page-header__subtitle">{props.subtitle}</p>
        </Show>
      </div>
      <Show when={props.actions}>
        <div class="page-header__actions">{props.actions}</div>
      </Show>
    </div>
  );
}
