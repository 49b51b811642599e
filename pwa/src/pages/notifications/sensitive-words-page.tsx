import type { SensitiveWords } from "@ops/shared/contracts/monitor.ts";
import { createEffect, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { api } from "../../data/client.ts";
import { usersApi } from "../../data/directory.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import "./sensitive-words-texts.ts";
import "./sensitive-words.css";

const wordsApi = {
  get: () => api.get<SensitiveWords>("/notify/sensitive-words"),
  save: (body: Pick<SensitiveWords, "mode" | "words">) => api.put<SensitiveWords>("/notify/sensitive-words", body),
};

/** One word a line; blank lines are not words. Trimming and de-duplicating are the API's (it says so on 400). */
const linesOf = (text: string) => text.split("\n").map((w) => w.trim()).filter(Boolean);
const MODES: SensitiveWords["mode"][] = ["block", "mask"];

/**
 * 敏感词 (notify:manage): what notification content may not say. 屏蔽发送 refuses the whole send, 替换为 ***
 * masks each word; the list is a textarea, one word a line, with its count. The API's errors (a word too long,
 * too many words: `words.12`) show under the list.
 */
export default function SensitiveWordsPage(): JSX.Element {
  const [data, { mutate, refetch }] = createResource(wordsApi.get);
  const [mode, setMode] = createSignal<SensitiveWords["mode"]>("mask");
  const [text, setText] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  // the API keeps the editor's id; the directory names them (an id shows when the reader may not look people up)
  const [editor] = createResource(() => data.latest?.updated_by, (id) => usersApi.get(id).then((u) => u.display_name).catch(() => id));
  createEffect(() => {
    const d = data();
    if (!d) return;
    setMode(d.mode);
    setText(d.words.join("\n"));
  });
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    errors.clear();
    try {
      mutate(await wordsApi.save({ mode: mode(), words: linesOf(text()) }));
      notify.success(tr("common.saved"));
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="page" data-testid="sensitive-words-page">
      <PageHeader title={tr("words.title")} subtitle={tr("words.subtitle")} />
      <ResourceView resource={data} retry={refetch}>
        {(d) => (
          <form class="form card card--narrow" data-testid="words-form" onSubmit={(e) => void save(e)} noValidate>
            <fieldset class="words-modes" data-field="mode">
              <legend class="field__label">{tr("words.mode")}</legend>
              <For each={MODES}>
                {(m) => (
                  <label class="words-mode">
                    <input type="radio" name="mode" value={m} checked={mode() === m} data-testid={`words-mode-${m}`} onChange={() => setMode(m)} />
                    <span><strong>{tr(`words.mode.${m}`)}</strong><span class="field__hint"> {tr(`words.mode_hint.${m}`)}</span></span>
                  </label>
                )}
              </For>
              <Show when={errors.of("mode")}><span class="field__error">{errors.of("mode")}</span></Show>
            </fieldset>
            <TextField label={tr("words.list")} name="words" multiline value={text()} onChange={setText} placeholder={tr("words.placeholder")}
              description={tr("words.count", { count: linesOf(text()).length })} error={errors.of("words")} />
            <p class="muted" data-testid="words-updated">
              {d().updated_at ? tr("words.updated", { who: editor() ?? d().updated_by ?? "—", when: formatTime(d().updated_at) }) : tr("words.never_updated")}
            </p>
            <div class="row"><Button variant="primary" type="submit" loading={busy()} data-testid="words-save">{tr("common.save")}</Button></div>
          </form>
        )}
      </ResourceView>
    </section>
  );
}
