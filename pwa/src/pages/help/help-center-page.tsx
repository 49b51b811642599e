import { A, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, onCleanup, Show, type JSX, type Resource } from "solid-js";
import { helpApi, type HelpPageSummary } from "../../data/help.ts";
import { can } from "../../providers/auth.ts";
import { locale, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { Highlighted } from "./highlighted.tsx";
import "./help.css";

const DEBOUNCE_MS = 250;

/** /help: pages by category, and search (`?q=` keeps the query in the address, so back returns to the results). */
export default function HelpCenterPage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const [input, setInput] = createSignal(params.q ?? "");
  const query = () => (params.q ?? "").trim();
  const [pages, { refetch }] = createResource(locale, () => helpApi.list());
  const [hits] = createResource(() => (query() ? { q: query(), l: locale() } : false), ({ q }) => helpApi.search(q));

  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const type = (value: string) => {
    setInput(value);
    clearTimeout(timer);
    timer = setTimeout(() => setParams({ q: value.trim() || undefined }, { replace: true }), DEBOUNCE_MS);
  };
  const clear = () => {
    clearTimeout(timer);
    setInput("");
    setParams({ q: undefined }, { replace: true });
  };

  return (
    <section class="page help" data-testid="help-center">
      <PageHeader
        title={tr("help.title")}
        subtitle={tr("help.subtitle")}
        actions={
          <Show when={can("help:page:edit")}>
            <A href="/help/new" class="btn btn--secondary btn--md" data-testid="help-new">
              <Icon name="plus" size={16} /> {tr("help.new_page")}
            </A>
          </Show>
        }
      />
      <form class="help-search" role="search" onSubmit={(e) => { e.preventDefault(); clearTimeout(timer); setParams({ q: input().trim() || undefined }, { replace: true }); }}>
        <input
          aria-label={tr("help.search_label")} class="input help-search__input" type="search" name="q" autocomplete="off" data-testid="help-search"
          placeholder={tr("help.search_placeholder")} value={input()} onInput={(e) => type(e.currentTarget.value)}
        />
        <Show when={input()}>
          <Button variant="ghost" size="sm" aria-label={tr("help.clear_search")} onClick={clear}>
            <Icon name="close" size={16} />
          </Button>
        </Show>
      </form>
      <Show when={query()} fallback={<Categories pages={pages} retry={refetch} />}>
        <ResourceView resource={hits}>
          {(result) => (
            <div class="help-results" data-testid="help-results">
              <p class="help-results__count">
                {result() && result()!.items.length ? tr("help.results", { count: result()!.items.length }) : tr("help.no_results", { q: query() })}
              </p>
              <ul class="help-list">
                <For each={result() ? result()!.items : []}>
                  {(hit) => (
                    <li>
                      <A href={`/help/${hit.slug}`} class="help-item" data-testid="help-hit" data-slug={hit.slug}>
                        <span class="help-item__title"><span><Highlighted text={hit.title} spans={hit.title_highlights} /></span></span>
                        <span class="help-item__snippet"><Highlighted text={hit.snippet} spans={hit.highlights} /></span>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </ResourceView>
      </Show>
    </section>
  );
}

type PageList = Awaited<ReturnType<typeof helpApi.list>>;

function Categories(props: { pages: Resource<PageList>; retry: () => void }): JSX.Element {
  return (
    <ResourceView resource={props.pages} retry={props.retry}>
      {(data) => (
        <div class="help-categories">
          <For each={data().categories.filter((c) => data().items.some((p) => p.category === c.key))}>
            {(cat) => (
              <section class="help-category" data-category={cat.key}>
                <h2 class="help-category__title">{cat.name}</h2>
                <ul class="help-list">
                  <For each={data().items.filter((p) => p.category === cat.key)}>{(p) => <PageLink page={p} />}</For>
                </ul>
              </section>
            )}
          </For>
        </div>
      )}
    </ResourceView>
  );
}

function PageLink(props: { page: HelpPageSummary }): JSX.Element {
  return (
    <li>
      <A href={`/help/${props.page.slug}`} class="help-item" data-testid="help-page-link" data-slug={props.page.slug}>
        <span class="help-item__title">
          {props.page.title}
          <Show when={props.page.source !== "shipped"}>
            <span class="help-badge">{tr(`help.source.${props.page.source}`)}</span>
          </Show>
        </span>
        <span class="help-item__snippet">{props.page.summary}</span>
      </A>
    </li>
  );
}
