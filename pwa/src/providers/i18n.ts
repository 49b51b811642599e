import { createSignal } from "solid-js";
import type { Locale } from "@ops/shared/actor.ts";
import { STORAGE } from "../config.ts";
import { translate } from "../i18n/index.ts";

/** The UI language: zh-CN unless the user picked en; the choice survives reloads (localStorage). */
function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE.locale) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());

export { locale };

export function setLocale(next: Locale): void {
  localStorage.setItem(STORAGE.locale, next);
  setLocaleSignal(next);
  applyDocumentLocale();
}

/** <html lang> and the window title follow the UI language. */
export function applyDocumentLocale(): void {
  document.documentElement.lang = locale();
  document.title = translate(locale(), "app.name");
}

/** Translate a UI key in the current language (reactive: re-runs when the language changes). */
export function tr(key: string, params?: Record<string, unknown>): string {
  return translate(locale(), key, params);
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString(locale() === "en" ? "en-US" : "zh-CN", { hour12: false });
}
