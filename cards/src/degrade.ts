/**
 * Graceful degradation shared by every renderer: a card that is too big for a platform is cut down (text ends
 * in "…", extra rows become "+N more", extra blocks and buttons are dropped, interactive blocks kept first) and
 * gets an "open in app" link, instead of being rejected by the platform.
 *
 * fitCard renders with a first budget, checks the output against the platform's limit checker, and halves the
 * budget until the output passes. Renderers also cut individual strings to the platform's hard caps through
 * RenderCtx, which records that something was cut so the app link is added.
 */
import type { Block, Button, Card, ContextBlock } from "./card.ts";
import { isInteractive } from "./card.ts";
import { renderTr, type Translate } from "./i18n.ts";
import { CONFIRM_MAX_TEXT, CONFIRM_MAX_TITLE, type Budget } from "./limits.ts";
import { resolveUrl, truncate, truncateMarkdown } from "./text.ts";

export type RenderCtx = {
  /** set by cut()/cutMd()/drop() when the renderer had to lose content */
  truncated: boolean;
  /** set by needApp() when part of the card can only be used in the app (e.g. a form field on DingTalk) */
  wantsApp: boolean;
  /**
   * When set, the renderer ends the card with a notice: "content was cut" when `cut`, and the "open in app"
   * link when there is one.
   */
  notice: Notice | null;
  cut(text: string, max: number): string;
  cutMd(text: string, max: number): string;
  drop(): void;
  needApp(): void;
};

export type Notice = { link: string | null; cut: boolean };

export function newCtx(notice: RenderCtx["notice"] = null): RenderCtx {
  const ctx: RenderCtx = {
    truncated: false,
    wantsApp: false,
    notice,
    cut(text, max) {
      if (text.length > max) ctx.truncated = true;
      return truncate(text, max);
    },
    cutMd(text, max) {
      if (text.length > max) ctx.truncated = true;
      return truncateMarkdown(text, max);
    },
    drop() {
      ctx.truncated = true;
    },
    needApp() {
      ctx.wantsApp = true;
    },
  };
  return ctx;
}

export type FitOptions<T> = {
  budget: Budget;
  appUrl?: string;
  render: (card: Card, ctx: RenderCtx) => T;
  /** the platform's limit checker: an empty list means the output may be sent */
  check: (out: T) => string[];
};

/**
 * A link's URL for a renderer, or null to leave the link out. An app path without an app URL has nowhere to
 * go and is simply omitted; only a URL over the platform's length limit counts as content lost.
 */
export function linkUrl(ctx: RenderCtx, url: string, appUrl: string | undefined, max: number): string | null {
  const resolved = resolveUrl(url, appUrl);
  if (resolved && resolved.length > max) {
    ctx.drop();
    return null;
  }
  return resolved;
}

/** The URL of the card's full view, or null when there is nowhere to send the reader. */
export function appLinkOf(card: Card, appUrl?: string): string | null {
  return resolveUrl(card.link ?? "/", appUrl);
}

export function fitCard<T>(card: Card, o: FitOptions<T>): T {
  const link = appLinkOf(card, o.appUrl);
  let last: T | undefined;
  for (const budget of budgetSteps(o.budget)) {
    const shrunk = shrinkCard(card, budget);
    const first = newCtx();
    let out = o.render(shrunk.card, first);
    const cut = shrunk.truncated || first.truncated;
    if (cut || (first.wantsApp && link)) out = o.render(shrunk.card, newCtx({ link, cut }));
    if (o.check(out).length === 0) return out;
    last = out;
  }
  // Last resort: the header and the notice alone always fit; never hand the platform something it rejects.
  const bare = o.render({ ...card, blocks: [] }, newCtx({ link, cut: true }));
  return o.check(bare).length === 0 || last === undefined ? bare : last;
}

/** Budget keys for what the reader can do; content goes first so buttons survive as long as possible. */
const INTERACTIVE_KEYS = new Set<keyof Budget>(["buttons", "options"]);

export function budgetSteps(base: Budget): Budget[] {
  const scaled = (content: number, interactive: number): Budget => {
    const s = {} as Budget;
    for (const [k, v] of Object.entries(base) as [keyof Budget, number][])
      s[k] = Math.max(1, Math.floor(v * (INTERACTIVE_KEYS.has(k) ? interactive : content)));
    return s;
  };
  return [base, scaled(0.5, 1), scaled(0.25, 1), scaled(0.1, 1), scaled(0.05, 0.5), scaled(0.02, 0.25), scaled(0.01, 0.1)];
}

export function shrinkCard(card: Card, budget: Budget): { card: Card; truncated: boolean } {
  const tr = renderTr(card.locale);
  const state = { truncated: false, buttons: budget.buttons };
  const kept = selectBlocks(card.blocks, budget.blocks);
  if (kept.length < card.blocks.length) state.truncated = true;
  const blocks = kept.flatMap((b) => shrinkBlock(b, budget, tr, state));
  return { card: { ...card, blocks }, truncated: state.truncated };
}

/** Interactive blocks always stay (they are why the card was sent); content blocks stay in order up to `max`. */
function selectBlocks(blocks: Block[], max: number): Block[] {
  let room = max;
  return blocks.filter((b) => isInteractive(b) || room-- > 0);
}

type ShrinkState = { truncated: boolean; buttons: number };

function shrinkBlock(b: Block, budget: Budget, tr: Translate, st: ShrinkState): Block[] {
  const cut = (text: string, max: number, md = false) => {
    if (text.length <= max) return text;
    st.truncated = true;
    return md ? truncateMarkdown(text, max) : truncate(text, max);
  };
  const more = (count: number, key: string): ContextBlock[] =>
    count > 0 ? [{ type: "context", text: tr(key, { count }) }] : [];
  switch (b.type) {
    case "markdown":
      return [{ ...b, text: cut(b.text, budget.textChars, true) }];
    case "context":
      return [{ ...b, text: cut(b.text, budget.textChars) }];
    case "fields": {
      const fields = b.fields.slice(0, budget.fields).map((f) => ({
        label: cut(f.label, budget.fieldChars),
        value: cut(f.value, budget.fieldChars),
      }));
      if (fields.length < b.fields.length) st.truncated = true;
      return [{ type: "fields", fields }, ...more(b.fields.length - fields.length, "more_fields")];
    }
    case "table": {
      const columns = b.columns.slice(0, budget.columns);
      const rows = b.rows.slice(0, budget.rows).map((r) => {
        const row: Record<string, string> = {};
        for (const c of columns) row[c.key] = cut(r[c.key] ?? "", budget.cellChars);
        return row;
      });
      if (columns.length < b.columns.length || rows.length < b.rows.length) st.truncated = true;
      return [{ type: "table", columns, rows }, ...more(b.rows.length - rows.length, "more_rows")];
    }
    case "diff": {
      const cell = (v: string | null) => (v === null ? null : cut(v, budget.cellChars));
      const rows = b.rows.slice(0, budget.rows).map((r) => ({ key: cut(r.key, budget.cellChars), before: cell(r.before), after: cell(r.after) }));
      if (rows.length < b.rows.length) st.truncated = true;
      return [{ type: "diff", rows }, ...more(b.rows.length - rows.length, "more_changes")];
    }
    case "select": {
      const options = b.options.slice(0, budget.options).map((o) => ({ ...o, label: cut(o.label, budget.fieldChars) }));
      if (options.length < b.options.length) st.truncated = true;
      const initial = options.some((o) => o.value === b.initial) ? b.initial : undefined;
      return [{ ...b, label: cut(b.label, budget.fieldChars), options, initial }];
    }
    case "input":
      return [{ ...b, label: cut(b.label, budget.fieldChars), ...(b.placeholder ? { placeholder: cut(b.placeholder, budget.fieldChars) } : {}) }];
    case "actions": {
      const buttons: Button[] = b.buttons.slice(0, Math.max(0, st.buttons)).map((x) => shrinkButton(x, budget, cut));
      st.buttons -= buttons.length;
      if (buttons.length < b.buttons.length) st.truncated = true;
      return buttons.length ? [{ type: "actions", buttons }] : [];
    }
    default:
      return [b];
  }
}

function shrinkButton(b: Button, budget: Budget, cut: (text: string, max: number) => string): Button {
  const text = cut(b.text, budget.fieldChars);
  if (b.kind === "link" || !b.confirm) return { ...b, text };
  const c = b.confirm;
  const title = cut(c.title, Math.min(CONFIRM_MAX_TITLE, budget.fieldChars));
  return { ...b, text, confirm: { ...c, title, text: cut(c.text, Math.min(CONFIRM_MAX_TEXT, budget.fieldChars)) } };
}
