import { COMMANDS } from "@ops/shared/chat/catalog.ts";
import { t } from "@ops/shared/i18n/index.ts";
import { createSignal, For, Show, type JSX } from "solid-js";
import { can } from "../../providers/auth.ts";
import { locale, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { chatStorage, MAX_HISTORY } from "./chat-storage.ts";
import { suggest, type Suggestion } from "./completion.ts";

/**
 * The command line: Enter sends (Shift+Enter adds a line; Enter while an IME is composing picks the
 * candidate instead), ↑/↓ walk through the commands sent before (kept per user: the last 50), chips
 * send common commands at once. While a word is typed, the verbs (and aliases) it can become are
 * offered (completion.ts): Tab takes the highlighted one (the first unless ↑/↓ moved), a click takes
 * any, Esc closes the list; while it is open ↑/↓ move in it instead of the history.
 */
export const QUICK_COMMANDS = ["help", "whoami"] as const;

/** Whether the signed-in user may run a command kind: completion offers only those (as help lists them). */
const mayRun = (kind: string): boolean => {
  const spec = COMMANDS.find((c) => c.kind === kind);
  return !!spec && (spec.permission === null || can(spec.permission));
};

/** `initial`: text to start with (the workbench's quick commands open the console with one filled in, not sent). */
export function Composer(props: { pending: boolean; userId: string | null; initial?: string; onSend: (text: string) => void }): JSX.Element {
  const [text, setText] = createSignal(props.initial ?? "");
  // Read once: a different user means a new page (sign-out leaves the app shell).
  const userId = props.userId;
  const history: string[] = userId ? chatStorage.loadHistory(userId) : [];
  /** position in `history` while recalling; history.length = the draft being typed */
  let cursor = history.length;
  let draft = "";
  let field: HTMLTextAreaElement | undefined = undefined;
  const [options, setOptions] = createSignal<Suggestion[]>([]);
  const [active, setActive] = createSignal(0);

  const closeOptions = () => setOptions([]);
  const moveCaretToEnd = () => queueMicrotask(() => field?.setSelectionRange(field.value.length, field.value.length));

  const submit = (value: string) => {
    const command = value.trim();
    if (!command || props.pending) return;
    if (history.at(-1) !== command) history.push(command);
    if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    if (userId) chatStorage.saveHistory(userId, history);
    cursor = history.length;
    draft = "";
    setText("");
    closeOptions();
    props.onSend(command);
  };

  const recall = (step: -1 | 1): boolean => {
    const to = cursor + step;
    if (to < 0 || to > history.length) return false;
    if (cursor === history.length) draft = text();
    cursor = to;
    setText(to === history.length ? draft : history[to]!);
    closeOptions();
    moveCaretToEnd();
    return true;
  };

  const take = (s: Suggestion) => {
    setText(s.text);
    cursor = history.length;
    closeOptions();
    field?.focus();
    moveCaretToEnd();
  };

  const onInput = (el: HTMLTextAreaElement) => {
    setText(el.value);
    cursor = history.length;
    // Only while typing at the end of the line: completion replaces the last word.
    setOptions(el.selectionStart === el.value.length && !el.value.includes("\n") ? suggest(el.value, mayRun) : []);
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent & { currentTarget: HTMLTextAreaElement }) => {
    if (e.isComposing || e.keyCode === 229) return;
    const el = e.currentTarget;
    const list = options();
    if (list.length) {
      if (e.key === "Tab" && !e.shiftKey) {
        e.preventDefault();
        take(list[active()] ?? list[0]!);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        closeOptions();
        return;
      }
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((i) => (i + (e.key === "ArrowDown" ? 1 : list.length - 1)) % list.length);
        return;
      }
    }
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      submit(el.value);
    } else if (e.key === "ArrowUp" && !el.value.slice(0, el.selectionStart).includes("\n")) {
      if (recall(-1)) e.preventDefault();
    } else if (e.key === "ArrowDown" && !el.value.slice(el.selectionEnd).includes("\n")) {
      if (recall(1)) e.preventDefault();
    }
  };

  const optionId = (i: number) => `chat-option-${i}`;
  return (
    <form
      class="chat-composer"
      data-testid="chat-composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit(text());
      }}
    >
      <div class="chat-composer__chips" role="group" aria-label={tr("chat.quick")}>
        <For each={QUICK_COMMANDS}>
          {(c) => (
            <button type="button" class="chat-chip" data-testid={`chat-chip-${c}`} disabled={props.pending} onClick={() => submit(c)}>
              {c}
            </button>
          )}
        </For>
      </div>
      <Show when={options().length}>
        <ul class="chat-completions" id="chat-completions" role="listbox" aria-label={tr("chat.completions")} data-testid="chat-completions">
          <For each={options()}>
            {(s, i) => (
              <li
                id={optionId(i())}
                role="option"
                class="chat-completion"
                aria-selected={i() === active()}
                data-testid="chat-completion"
                data-word={s.word}
                onMouseDown={(e) => {
                  // mousedown, not click: the textarea keeps its focus
                  e.preventDefault();
                  take(s);
                }}
              >
                <span class="chat-completion__word">{s.word}</span>
                <Show when={s.kind}>{(k) => <span class="chat-completion__usage">{t(locale(), `chat.usage.${k()}`)}</span>}</Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="chat-composer__row">
        <textarea
          ref={(el) => {
            field = el;
            // a prefilled command waits for the user: focused, caret at its end, ready to complete or send
            if (props.initial) queueMicrotask(() => {
              el.focus();
              moveCaretToEnd();
            });
          }}
          class="input chat-composer__input"
          name="command"
          rows={1}
          value={text()}
          onInput={(e) => onInput(e.currentTarget)}
          onKeyDown={onKeyDown}
          onBlur={closeOptions}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={options().length > 0}
          aria-controls={options().length ? "chat-completions" : undefined}
          aria-activedescendant={options().length ? optionId(active()) : undefined}
          aria-label={tr("chat.input_label")}
          placeholder={tr("chat.placeholder")}
          title={tr("chat.enter_hint")}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          enterkeyhint="send"
          data-testid="chat-input"
        />
        <Button type="submit" variant="primary" loading={props.pending} disabled={!text().trim()} data-testid="chat-send">
          {tr("chat.send")}
        </Button>
      </div>
    </form>
  );
}
