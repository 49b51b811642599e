import { A } from "@solidjs/router";
import { For, type JSX } from "solid-js";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { Icon } from "../../ui/icons.tsx";

/**
 * Commands one tap away: each opens the chat console with the command filled in (not sent), so the
 * user sees what will run and can add to it. `permission` hides what the user may not run.
 */
export const QUICK_COMMANDS: Array<{ text: string; label: string; permission: string | null }> = [
  { text: "help", label: "home.cmd.help", permission: null },
  { text: "whoami", label: "home.cmd.whoami", permission: null },
  { text: "runs", label: "home.cmd.runs", permission: "jobs:view" },
];

export const consoleHref = (text: string): string => `/chat?text=${encodeURIComponent(text)}`;

export function QuickCommands(): JSX.Element {
  const commands = () => QUICK_COMMANDS.filter((c) => c.permission === null || can(c.permission));
  return (
    <section class="card widget widget--commands" data-testid="quick-commands" aria-labelledby="quick-commands-title">
      <header class="widget__header">
        <h2 class="widget__title" id="quick-commands-title">{tr("home.quick_title")}</h2>
      </header>
      <p class="muted widget__lead">{tr("home.quick_lead")}</p>
      <div class="quick-commands">
        <A href="/chat" class="btn btn--primary btn--md" data-testid="quick-open-console">
          <Icon name="chat" size={16} /> {tr("home.quick_open")}
        </A>
        <For each={commands()}>
          {(c) => (
            <A href={consoleHref(c.text)} class="quick-command" data-testid="quick-command" data-command={c.text}>
              <code>{c.text}</code>
              <span class="muted">{tr(c.label)}</span>
            </A>
          )}
        </For>
      </div>
    </section>
  );
}
