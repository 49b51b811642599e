import { api, request } from "./client.ts";

/** The help center (api/src/modules/help): shipped markdown pages, plus pages admins edit as versions. */
export type HelpLocale = "zh-CN" | "en";
export type HelpCategory = { key: string; name: string };
export type HelpPageSummary = {
  slug: string; locale: HelpLocale; title: string; summary: string; category: string; order: number;
  commands: string[]; aliases: string[]; source: "shipped" | "override" | "custom"; version: number;
  updated_at: string | null; updated_by: string | null;
};
export type HelpPage = HelpPageSummary & { body: string };
export type Span = [number, number];
export type HelpHit = { slug: string; title: string; summary: string; category: string; snippet: string; highlights: Span[]; title_highlights: Span[] };
export type HelpVersion = {
  version: number; title: string; summary: string; category: string; order: number; note: string | null;
  created_by: string | null; created_by_name: string | null; created_at: string | null;
};
export type HelpHistory = { slug: string; locale: HelpLocale; current: number; shipped: boolean; items: HelpVersion[] };
export type HelpText = { locale: HelpLocale; title: string; summary: string; category: string; body: string; note?: string };

const page = (slug: string) => `/help/pages/${encodeURIComponent(slug)}`;

export const helpApi = {
  list: () => api.get<{ locale: HelpLocale; categories: HelpCategory[]; items: HelpPageSummary[] }>("/help/pages"),
  get: (slug: string) => api.get<HelpPage>(page(slug)),
  search: (q: string) => api.get<{ q: string; items: HelpHit[] }>("/help/search", { q }),
  create: (slug: string, text: HelpText) => api.post<HelpPage>("/help/pages", { slug, ...text }),
  save: (slug: string, text: HelpText & { base_version?: number }) => api.put<HelpPage>(page(slug), text),
  remove: (slug: string, locale: HelpLocale) => request<{ reset: boolean }>("DELETE", page(slug), { query: { locale } }),
  versions: (slug: string, locale: HelpLocale) => api.get<HelpHistory>(`${page(slug)}/versions`, { locale }),
  version: (slug: string, locale: HelpLocale, version: number) => api.get<HelpVersion & { body: string }>(`${page(slug)}/versions/${version}`, { locale }),
  revert: (slug: string, locale: HelpLocale, version: number) => api.post<HelpPage>(`${page(slug)}/revert`, { locale, version }),
};
