import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { helpApi, type HelpLocale, type HelpVersion } from "../../data/help.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { MarkdownView } from "./markdown-view.tsx";

type Props = { slug: string; locale: HelpLocale; tick: number; onChanged: () => void };

/** A page's versions in one language: view any, revert to one, or drop the edits (shipped text again). */
export function HelpHistoryPanel(props: Props): JSX.Element {
  const [history, { refetch }] = createResource(() => ({ slug: props.slug, locale: props.locale, tick: props.tick }), (k) => helpApi.versions(k.slug, k.locale));
  const [viewing, setViewing] = createSignal<(HelpVersion & { body: string }) | null>(null);
  const [reverting, setReverting] = createSignal<number | null>(null);
  const [dropping, setDropping] = createSignal(false);

  const view = async (version: number) => setViewing(await helpApi.version(props.slug, props.locale, version));
  const revert = async () => {
    const page = await helpApi.revert(props.slug, props.locale, reverting()!);
    notify.success(tr("help.reverted", { version: page.version }));
    props.onChanged();
  };
  const drop = async () => {
    const r = await helpApi.remove(props.slug, props.locale);
    notify.success(tr(r.reset ? "help.reset_done" : "help.deleted"));
    props.onChanged();
  };
  const localeName = () => tr(`help.locale.${props.locale}`);

  return (
    <section class="help-history card" data-testid="help-history">
      <h2 class="help-category__title">{tr("help.history")}</h2>
      <ResourceView resource={history} retry={refetch}>
        {(h) => (
          <>
            <Show when={h() && h()!.items.length === 0}>
              <p class="help-page__meta">{tr("help.history_empty")}</p>
            </Show>
            <ol class="help-history__list">
              <For each={h()?.items ?? []}>
                {(v) => (
                  <li class="help-history__item" data-testid="help-version" data-version={v.version}>
                    <div>
                      <strong>{tr("help.version_label", { version: v.version })}</strong>
                      <Show when={v.version === h()!.current}> <span class="help-badge">{tr("help.version_current")}</span></Show>
                      <div class="help-page__meta">{tr("help.version_by", { name: v.created_by_name ?? "—", time: formatTime(v.created_at) })}</div>
                      <Show when={v.note}><div class="help-history__note">{v.note}</div></Show>
                    </div>
                    <div class="help-history__actions">
                      <Button size="sm" variant="ghost" onClick={() => void view(v.version)}>{tr("help.view_version")}</Button>
                      <Show when={v.version !== h()!.current}>
                        <Button size="sm" onClick={() => setReverting(v.version)} data-testid="help-revert">{tr("help.revert")}</Button>
                      </Show>
                    </div>
                  </li>
                )}
              </For>
              <Show when={h()?.shipped}>
                <li class="help-history__item" data-testid="help-version" data-version="0">
                  <div>
                    <strong>{tr("help.version_shipped")}</strong>
                    <Show when={h()!.current === 0}> <span class="help-badge">{tr("help.version_current")}</span></Show>
                  </div>
                  <div class="help-history__actions">
                    <Button size="sm" variant="ghost" onClick={() => void view(0)}>{tr("help.view_version")}</Button>
                  </div>
                </li>
              </Show>
            </ol>
            <Show when={h() && h()!.current > 0}>
              <Button variant="danger" size="sm" onClick={() => setDropping(true)} data-testid="help-reset">
                {h()!.shipped ? tr("help.reset") : tr("help.delete")}
              </Button>
            </Show>
            <ConfirmDialog
              open={dropping()} onOpenChange={setDropping} danger
              title={h()?.shipped ? tr("help.reset") : tr("help.delete")}
              message={h()?.shipped ? tr("help.reset_confirm", { locale: localeName() }) : tr("help.delete_confirm", { locale: localeName() })}
              onConfirm={drop}
            />
          </>
        )}
      </ResourceView>
      <ConfirmDialog
        open={reverting() !== null} onOpenChange={(o) => !o && setReverting(null)}
        title={tr("help.revert_title")} message={tr("help.revert_confirm", { version: reverting() ?? "" })} onConfirm={revert}
      />
      <Dialog open={viewing() !== null} onOpenChange={(o) => !o && setViewing(null)} title={viewing() ? (viewing()!.version ? tr("help.version_label", { version: viewing()!.version }) : tr("help.version_shipped")) : ""} size="lg" testid="help-version-dialog">
        <Show when={viewing()}>
          {(v) => (
            <>
              <h1 class="page-header__title">{v().title}</h1>
              <p class="page-header__subtitle">{v().summary}</p>
              <MarkdownView markdown={v().body} />
            </>
          )}
        </Show>
      </Dialog>
    </section>
  );
}
