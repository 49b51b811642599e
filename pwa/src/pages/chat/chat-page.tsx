import { useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, onMount, Show, Switch, type JSX } from "solid-js";
import { me } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Composer } from "./composer.tsx";
import { createTranscript, type Entry } from "./transcript.ts";
import { WebCardView } from "./web-card.tsx";
import { loadJobNames } from "./job-names.ts";
import "./chat.css";

/** The longest ?text= taken into the command line. */
const MAX_PREFILL = 500;

/**
 * The web chat console: the chat commands of Slack/Feishu/DingTalk, typed in the app by the signed-in
 * user (no chat account needed). Newest at the bottom; each change brings the new entry into view.
 * The conversation and the command history are the signed-in user's, kept across reloads; 清空 empties it.
 */
export default function ChatPage(): JSX.Element {
  onMount(() => void loadJobNames());
  const userId = me()?.id ?? null;
  // ?text= prefills the command line (quick commands on the workbench); read once, then dropped from the URL.
  const [params, setParams] = useSearchParams<{ text?: string }>();
  const initial = typeof params.text === "string" ? params.text.slice(0, MAX_PREFILL) : undefined;
  if (initial !== undefined) setParams({ text: undefined }, { replace: true });
  const transcript = createTranscript(userId);
  const [clearing, setClearing] = createSignal(false);
  let list: HTMLOListElement | undefined = undefined;

  const reveal = (el: Element | null | undefined) => {
    if (!(el instanceof HTMLElement)) return;
    // A tall card shows from its top, anything shorter sits at the bottom above the composer.
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    el.scrollIntoView({ block: el.offsetHeight > window.innerHeight * 0.6 ? "start" : "end", behavior: smooth ? "smooth" : "auto" });
  };
  createEffect(on(transcript.focus, (f) => f && requestAnimationFrame(() => reveal(list?.querySelector(`[data-entry="${f.id}"]`)))));
  createEffect(on(transcript.pending, (p) => p && requestAnimationFrame(() => reveal(list?.querySelector(".chat-pending"))), { defer: true }));

  return (
    <section class="page chat" data-testid="chat-page">
      <PageHeader
        title={tr("nav.chat")}
        subtitle={tr("chat.subtitle")}
        actions={
          <Button size="sm" disabled={!transcript.entries().length} onClick={() => setClearing(true)} data-testid="chat-clear">
            {tr("chat.clear")}
          </Button>
        }
      />
      <ol class="chat-transcript" ref={(el) => (list = el)} aria-label={tr("chat.transcript")} aria-live="polite" data-testid="chat-transcript">
        <Show when={!transcript.entries().length}>
          <li class="chat-empty" data-testid="chat-empty">{tr("chat.empty")}</li>
        </Show>
        <For each={transcript.entries()}>{(entry) => <EntryView entry={entry} act={transcript.act} />}</For>
        <Show when={transcript.pending()}>
          <li class="chat-pending" role="status" data-testid="chat-pending">
            <span class="chat-pending__dots" aria-hidden="true"><i /><i /><i /></span> {tr("chat.pending")}
          </li>
        </Show>
      </ol>
      <Composer pending={transcript.pending()} userId={userId} initial={initial} onSend={(text) => void transcript.send(text)} />
      <ConfirmDialog
        open={clearing()}
        onOpenChange={setClearing}
        title={tr("chat.clear_title")}
        message={tr("chat.clear_message")}
        confirmLabel={tr("chat.clear")}
        danger
        onConfirm={async () => transcript.clear()}
      />
    </section>
  );
}

function EntryView(props: { entry: Entry; act: ReturnType<typeof createTranscript>["act"] }): JSX.Element {
  return (
    <Switch>
      <Match when={props.entry.kind === "command" && props.entry}>
        {(e) => (
          <li class="chat-entry chat-entry--command" data-entry={e().id} data-testid="chat-command">
            <span class="chat-bubble" aria-label={tr("chat.you")}>{e().text}</span>
          </li>
        )}
      </Match>
      <Match when={props.entry.kind === "card" && props.entry}>
        {(e) => (
          <li class="chat-entry chat-entry--card" data-entry={e().id}>
            <WebCardView card={e().card} onAction={(a) => props.act(e().id, a)} />
          </li>
        )}
      </Match>
      <Match when={props.entry.kind === "error" && props.entry}>
        {(e) => (
          <li class="chat-entry chat-entry--error" data-entry={e().id} role="alert" data-testid="chat-error">
            {tr("chat.error", { message: e().message ?? tr("chat.error_unknown") })}
          </li>
        )}
      </Match>
    </Switch>
  );
}
