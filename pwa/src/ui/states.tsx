import { Match, Switch, type JSX, type Resource } from "solid-js";
import { isApiError } from "../data/api-error.ts";
import { tr } from "../providers/i18n.ts";
import { Button } from "./button.tsx";
import { Icon } from "./icons.tsx";

/** Loading, error (offline gets its own look) and the value of a resource, in that order. */
export function Loading(): JSX.Element {
  return <div class="state state--loading" role="status">{tr("common.loading")}</div>;
}

export function ErrorState(props: { error: unknown; retry?: () => void }): JSX.Element {
  const offline = () => isApiError(props.error) && props.error.offline;
  const message = () => (props.error instanceof Error ? props.error.message : String(props.error));
  return (
    <div class="state state--error" classList={{ "state--offline": offline() }} role="alert" data-testid={offline() ? "offline-message" : "error-message"}>
      {offline() ? <Icon name="offline" size={28} /> : null}
      <p>{message()}</p>
      {props.retry ? <Button size="sm" onClick={() => props.retry?.()}>{tr("common.retry")}</Button> : null}
    </div>
  );
}

export function ResourceView<T>(props: { resource: Resource<T>; retry?: () => void; children: (value: () => T) => JSX.Element }): JSX.Element {
  return (
    <Switch>
      <Match when={props.resource.error}>
        <ErrorState error={props.resource.error} retry={props.retry} />
      </Match>
      <Match when={props.resource.state === "ready" || props.resource.state === "refreshing"}>
        {/* an accessor keeps the rendered rows (and their local state) across refetches */}
        {(_ready) => props.children(() => props.resource.latest as T)}
      </Match>
      <Match when={true}>
        <Loading />
      </Match>
    </Switch>
  );
}
