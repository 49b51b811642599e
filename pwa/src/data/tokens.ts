import { STORAGE } from "../config.ts";
import type { TokenData } from "./types.ts";

/** Tokens live in localStorage so a reload (or an offline start) keeps the session. */
export type StoredTokens = Pick<TokenData, "access_token" | "refresh_token" | "session_id">;

export function loadTokens(): StoredTokens | null {
  try {
    const raw = localStorage.getItem(STORAGE.tokens);
    return raw ? (JSON.parse(raw) as StoredTokens) : null;
  } catch {
    return null;
  }
}

export function saveTokens(t: TokenData | StoredTokens): void {
  const stored: StoredTokens = { access_token: t.access_token, refresh_token: t.refresh_token, session_id: t.session_id };
  localStorage.setItem(STORAGE.tokens, JSON.stringify(stored));
}

export function clearTokens(): void {
  localStorage.removeItem(STORAGE.tokens);
  localStorage.removeItem(STORAGE.me);
}
