import { Dynamic } from "solid-js/web";
import { For, Show, type JSX } from "solid-js";
import type { WidgetView } from "../../data/workbench.ts";
import { me } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { PullRefresh } from "./pull-refresh.tsx";
import { QuickCommands } from "./quick-commands.tsx";
import { widgetView } from "./widget-views.ts";
import { createWorkbenchState } from "./workbench-state.ts";
import "./home.css";

/**
 * The home workbench (工作台): security notices on top, then my to-dos, quick commands and the feeds
 * (unread notifications, my recent activity). Widgets come from GET /workbench in their page order;
 * one column on a phone, a grid on a desktop.
 */
export function WorkbenchPage(): JSX.Element {
  const state = createWorkbenchState();
  const name = () => me()?.display_name || me()?.username || "";
  return (
    <section class="page workbench" data-testid="home-page">
      <PullRefresh onRefresh={state.reload} />
      <PageHeader
        title={tr("home.welcome", { name: name() })}
        subtitle={(me()?.roles ?? []).map((r) => r.name).join("、")}
        actions={
          <Button size="sm" onClick={state.reload} loading={state.view.loading} data-testid="workbench-refresh">
            {tr("home.refresh")}
          </Button>
        }
      />
      <ResourceView resource={state.view} retry={state.reload}>
        {(view) => {
          const of = (kind: string) => view().widgets.filter((w) => w.kind === kind);
          const others = () => view().widgets.filter((w) => w.kind !== "notices" && w.kind !== "todo");
          return (
            <>
              <Widgets list={of("notices")} retry={state.retry} />
              <TodoSummary todos={of("todo")} />
              <div class="workbench__grid">
                <Widgets list={of("todo")} retry={state.retry} />
                <QuickCommands />
                <Widgets list={others()} retry={state.retry} />
              </div>
            </>
          );
        }}
      </ResourceView>
    </section>
  );
}

function Widgets(props: { list: WidgetView[]; retry: (id: string) => Promise<void> }): JSX.Element {
  return <For each={props.list}>{(w) => <Dynamic component={widgetView(w.kind, w.id)} widget={w} onRetry={props.retry} />}</For>;
}

/** One line over the to-dos: how many things wait for me in all, or that nothing does. */
function TodoSummary(props: { todos: WidgetView[] }): JSX.Element {
  const total = () => props.todos.reduce((sum, w) => sum + (w.count ?? 0), 0);
  return (
    <Show when={props.todos.length > 0}>
      <p class="workbench__summary" data-testid="todo-summary" data-count={total()}>
        {total() > 0 ? tr("home.todo_total", { count: total() }) : tr("home.todo_none")}
      </p>
    </Show>
  );
}
