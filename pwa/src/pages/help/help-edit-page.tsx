import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, on, Show, type JSX } from "solid-js";
import { helpApi, type HelpLocale, type HelpPage } from "../../data/help.ts";
import { isApiError } from "../../data/api-error.ts";
import { locale, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { HelpHistoryPanel } from "./help-history.tsx";
import { MarkdownView } from "./markdown-view.tsx";
import "./help.css";

type Draft = { title: string; summary: string; category: string; body: string; note: string };
type Loaded = { title: string; summary: string; category: string; body: string; base: number | undefined };

/**
 * The text an edit in `lang` starts from: that language's current version (0: the shipped text), which a
 * save builds on; with none in that language, the page as readers see it (the other language) to translate.
 */
async function loadText(slug: string, lang: HelpLocale): Promise<Loaded> {
  const history = await helpApi.versions(slug, lang).catch(() => null);
  if (history && (history.current > 0 || history.shipped)) {
    const v = await helpApi.version(slug, lang, history.current);
    return { ...v, base: history.current };
  }
  const p: HelpPage = await helpApi.get(slug);
  return { ...p, base: undefined };
}
const EMPTY: Draft = { title: "", summary: "", category: "other", body: "", note: "" };

/**
 * /help/:slug/edit and /help/new (help:page:edit): markdown with a live preview, saved with a note as a
 * new version of the page in the chosen language; the history beside it views and reverts versions.
 */
export default function HelpEditPage(): JSX.Element {
  const params = useParams<{ slug?: string }>();
  const navigate = useNavigate();
  const creating = () => !params.slug;
  const [lang, setLang] = createSignal<HelpLocale>(locale());
  const [slug, setSlug] = createSignal("");
  const [draft, setDraft] = createSignal<Draft>(EMPTY);
  const [base, setBase] = createSignal<number | undefined>(undefined);
  const [busy, setBusy] = createSignal(false);
  const [historyTick, setHistoryTick] = createSignal(0);
  const errors = createFormErrors();
  const [categories] = createResource(locale, () => helpApi.list().then((d) => d.categories));
  const [page, { refetch }] = createResource(() => (params.slug ? { slug: params.slug, l: lang() } : false), ({ slug: s, l }) => loadText(s, l));

  createEffect(on(page, (p?: Loaded) => {
    if (!p) return;
    setDraft({ title: p.title, summary: p.summary, category: p.category, body: p.body, note: "" });
    setBase(p.base);
  }));

  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft(), [key]: value });
  const text = () => ({ locale: lang(), title: draft().title, summary: draft().summary, category: draft().category, body: draft().body, ...(draft().note.trim() ? { note: draft().note } : {}) });

  const save = async () => {
    setBusy(true);
    errors.clear();
    try {
      if (creating()) {
        const created = await helpApi.create(slug(), text());
        notify.success(tr("help.created"));
        navigate(`/help/${created.slug}`);
        return;
      }
      const saved = await helpApi.save(params.slug!, { ...text(), ...(base() === undefined ? {} : { base_version: base() }) });
      notify.success(tr("help.saved", { version: saved.version }));
      setDraft({ ...draft(), note: "" });
      setBase(saved.version);
      setHistoryTick(historyTick() + 1);
    } catch (e) {
      if (isApiError(e) && e.reason === "help.stale_version") void refetch();
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };

  const localeOptions = () => (["zh-CN", "en"] as const).map((l) => ({ value: l, label: tr(`help.locale.${l}`) }));
  return (
    <section class="page help help-edit" data-testid="help-edit-page">
      <PageHeader
        title={creating() ? tr("help.new_title") : tr("help.edit_title")}
        subtitle={params.slug ? `/help/${params.slug}` : undefined}
        actions={<A href={params.slug ? `/help/${params.slug}` : "/help"} class="btn btn--secondary btn--md">{tr("help.cancel")}</A>}
      />
      <form class="help-edit__grid" onSubmit={(e) => { e.preventDefault(); void save(); }} data-testid="help-edit-form">
        <div class="help-edit__fields">
          <div class="help-edit__row">
            <Select label={tr("help.field.locale")} name="locale" options={localeOptions()} value={lang()} onChange={(v) => setLang(v as HelpLocale)} error={errors.of("locale")} required />
            <Select label={tr("help.field.category")} name="category" options={(categories() ?? []).map((c) => ({ value: c.key, label: c.name }))} value={draft().category} onChange={set("category")} error={errors.of("category")} required />
          </div>
          <Show when={creating()}>
            <TextField label={tr("help.field.slug")} name="slug" value={slug()} onChange={setSlug} description={tr("help.field.slug_hint")} error={errors.of("slug")} required />
          </Show>
          <TextField label={tr("help.field.title")} name="title" value={draft().title} onChange={set("title")} error={errors.of("title")} required />
          <TextField label={tr("help.field.summary")} name="summary" value={draft().summary} onChange={set("summary")} error={errors.of("summary")} required />
          <TextField label={tr("help.field.body")} name="body" value={draft().body} onChange={set("body")} error={errors.of("body")} multiline required class="help-edit__body" />
          <TextField label={tr("help.field.note")} name="note" value={draft().note} onChange={set("note")} description={tr("help.field.note_hint")} error={errors.of("note")} />
          <div class="help-edit__actions">
            <Button type="submit" variant="primary" loading={busy()} data-testid="help-save">{tr("help.save")}</Button>
          </div>
        </div>
        <div class="help-edit__preview" aria-label={tr("help.preview")}>
          <div class="help-edit__preview-label">{tr("help.preview")}</div>
          <h1 class="page-header__title">{draft().title}</h1>
          <p class="page-header__subtitle">{draft().summary}</p>
          <MarkdownView markdown={draft().body} data-testid="help-preview" />
        </div>
      </form>
      <Show when={params.slug}>
        <HelpHistoryPanel
          slug={params.slug!}
          locale={lang()}
          tick={historyTick()}
          onChanged={() => {
            void refetch();
            setHistoryTick(historyTick() + 1);
          }}
        />
      </Show>
    </section>
  );
}
