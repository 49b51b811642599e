import { A, useParams } from "@solidjs/router";
import { createResource, Show, type JSX } from "solid-js";
import { helpApi } from "../../data/help.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, locale, tr } from "../../providers/i18n.ts";
import { Icon } from "../../ui/icons.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { MarkdownView } from "./markdown-view.tsx";
import "./help.css";

/** /help/:slug: one page, rendered from markdown, in the UI language (the other one when not written yet). */
export default function HelpPage(): JSX.Element {
  const params = useParams<{ slug: string }>();
  const [page, { refetch }] = createResource(() => ({ slug: params.slug, l: locale() }), ({ slug }) => helpApi.get(slug));
  return (
    <section class="page help" data-testid="help-page">
      <nav class="help-crumbs">
        <A href="/help" class="help-crumbs__back" data-testid="help-back">
          <Icon name="chevron" size={14} class="help-crumbs__icon" /> {tr("help.back")}
        </A>
      </nav>
      <ResourceView resource={page} retry={refetch}>
        {(p) => (
          <>
            <header class="help-page__header">
              <div>
                <h1 class="page-header__title" data-testid="help-page-title">{p().title}</h1>
                <p class="page-header__subtitle">{p().summary}</p>
                <Show when={p().version > 0}>
                  <p class="help-page__meta" data-testid="help-page-version">{tr("help.updated", { version: p().version, time: formatTime(p().updated_at) })}</p>
                </Show>
              </div>
              <Show when={can("help:page:edit")}>
                <A href={`/help/${p().slug}/edit`} class="btn btn--secondary btn--md" data-testid="help-edit">{tr("help.edit")}</A>
              </Show>
            </header>
            <Show when={p().locale !== locale()}>
              <p class="help-page__note">{tr("help.fallback_locale")}</p>
            </Show>
            <MarkdownView markdown={p().body} data-testid="help-body" />
          </>
        )}
      </ResourceView>
    </section>
  );
}
