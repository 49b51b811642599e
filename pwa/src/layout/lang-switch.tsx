import type { JSX } from "solid-js";
import { locale, setLocale, tr } from "../providers/i18n.ts";
import { Icon } from "../ui/icons.tsx";

/** Flips the UI between 中文 and English; the label names the language you switch to. */
export function LangSwitch(props: { class?: string }): JSX.Element {
  return (
    <button
      type="button"
      class={`lang-switch ${props.class ?? ""}`}
      data-testid="lang-switch"
      aria-label={tr("common.switch_language")}
      onClick={() => setLocale(locale() === "en" ? "zh-CN" : "en")}
    >
      <Icon name="globe" size={16} />
      <span>{locale() === "en" ? "中文" : "EN"}</span>
    </button>
  );
}
