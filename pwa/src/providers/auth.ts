import { createSignal } from "solid-js";
import { STORAGE } from "../config.ts";
import { authApi } from "../data/auth.ts";
import { isApiError } from "../data/api-error.ts";
import { clearTokens, loadTokens, saveTokens } from "../data/tokens.ts";
import type { Me, TokenData } from "../data/types.ts";

/**
 * Who is signed in. Tokens sit in localStorage (data/tokens.ts); the last /auth/me answer is
 * cached too so the shell and its menu still render when the app starts offline.
 */
export type AuthStatus = "anonymous" | "loading" | "ready";

function cachedMe(): Me | null {
  try {
    const raw = localStorage.getItem(STORAGE.me);
    return raw && loadTokens() ? (JSON.parse(raw) as Me) : null;
  } catch {
    return null;
  }
}

const [me, setMe] = createSignal<Me | null>(cachedMe());
const [status, setStatus] = createSignal<AuthStatus>(loadTokens() ? "loading" : "anonymous");

export { me, status };

/** Drops the local session (tokens, cached profile) without calling the API. */
export function forgetSession(): void {
  clearTokens();
  setMe(null);
  setStatus("anonymous");
}

export async function loadMe(): Promise<Me | null> {
  if (!loadTokens()) {
    forgetSession();
    return null;
  }
  try {
    const m = await authApi.me();
    localStorage.setItem(STORAGE.me, JSON.stringify(m));
    setMe(m);
    setStatus("ready");
    return m;
  } catch (e) {
    // Offline start: keep the cached profile so the shell renders; pages show the offline message.
    if (isApiError(e) && e.offline && me()) {
      setStatus("ready");
      return me();
    }
    forgetSession();
    return null;
  }
}

export async function acceptTokens(t: TokenData): Promise<Me | null> {
  saveTokens(t);
  return loadMe();
}

export async function logout(): Promise<void> {
  try {
    await authApi.logout();
  } catch {
    // the session ends locally whatever the server says
  }
  forgetSession();
}

export function can(code: string): boolean {
  const perms = me()?.permissions ?? [];
  return perms.includes("*") || perms.includes(code);
}

export function patchMe(m: Partial<Me>): void {
  const cur = me();
  if (!cur) return;
  const next = { ...cur, ...m };
  localStorage.setItem(STORAGE.me, JSON.stringify(next));
  setMe(next);
}
