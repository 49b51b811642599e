import { createSignal, For, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";

/**
 * The command line: Enter sends (Shift+Enter adds a line; Enter while an IME is composing picks the
 * candidate instead), ↑/↓ walk through the commands sent before, chips send common commands at once.
 */
export const QUICK_COMMANDS = ["help", "whoami"] as const;

export function Composer(props: { pending: boolean; onSend: (text: string) => void }): JSX.Element {
  const [text, setText] = createSignal("");
  const history: string[] = [];
  /** position in `history` while recalling; history.length = the draft being typed */
  let cursor = 0;
  let draft = "";
  let field: HTMLTextAreaElement | undefined = undefined;

  const submit = (value: string) => {
    const command = value.trim();
    if (!command || props.pending) return;
    if (history.at(-1) !== command) history.push(command);
    cursor = history.length;
    draft = "";
    setText("");
    props.onSend(command);
  };

  const recall = (step: -1 | 1): boolean => {
    const to = cursor + step;
    if (to < 0 || to > history.length) return false;
    if (cursor === history.length) draft = text();
    cursor = to;
    setText(to === history.length ? draft : history[to]!);
    queueMicrotask(() => field?.setSelectionRange(field.value.length, field.value.length));
    return true;
  };

  const onKeyDown = (e: KeyboardEvent & { currentTarget: HTMLTextAreaElement }) => {
    if (e.isComposing || e.keyCode === 229) return;
    const el = e.currentTarget;
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      submit(el.value);
    } else if (e.key === "ArrowUp" && !el.value.slice(0, el.selectionStart).includes("\n")) {
      if (recall(-1)) e.preventDefault();
    } else if (e.key === "ArrowDown" && !el.value.slice(el.selectionEnd).includes("\n")) {
      if (recall(1)) e.preventDefault();
    }
  };

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
      <div class="chat-composer__row">
        <textarea
          ref={(el) => (field = el)}
          class="input chat-composer__input"
          name="command"
          rows={1}
          value={text()}
          onInput={(e) => {
            setText(e.currentTarget.value);
            cursor = history.length;
          }}
          onKeyDown={onKeyDown}
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
