/**
 * The neutral card: what a template says, before any platform is chosen. Renderers in `render/` turn it
 * into Slack Block Kit, Feishu card JSON 2.0, DingTalk card data / messages and the PWA's web JSON.
 *
 * Text conventions:
 * - `markdown` and `context` blocks hold CommonMark without raw HTML (bold, italic, strike, inline code,
 *   fenced code, links, lists). Renderers neutralise `<` and `>` (and `&` where the platform needs it) so user
 *   text cannot inject mentions or tags.
 * - Every other string (titles, field values, table cells, diff values, labels) is plain text.
 * - Link URLs are absolute (`https://…`) or app paths (`/approvals/1`) resolved against the renderer's `appUrl`.
 *
 * Interaction: a button carries `action` (e.g. "approval.approve") and a small JSON-safe `value`
 * (e.g. `{ id: "a1" }`); every platform's callback decodes back to that pair (see action-codec.ts).
 * Input and select blocks are form fields: their values travel with the next action button's click.
 */
import type { Locale } from "@ops/shared";

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";
export const TONES: readonly Tone[] = ["neutral", "info", "success", "warning", "danger"];

/** Small, flat and JSON-safe so it fits every platform's callback payload unchanged. */
export type ActionValue = Record<string, string | number | boolean | null>;

export type Confirm = { title: string; text: string; confirm?: string; deny?: string };
export type ButtonStyle = "primary" | "danger" | "default";

export type ActionButton = {
  kind: "action";
  text: string;
  action: string;
  value: ActionValue;
  style?: ButtonStyle;
  confirm?: Confirm;
};
export type LinkButton = { kind: "link"; text: string; url: string; style?: ButtonStyle };
export type Button = ActionButton | LinkButton;

export type Field = { label: string; value: string };
export type TableColumn = { key: string; label: string; align?: "left" | "center" | "right" };
export type DiffRow = { key: string; before: string | null; after: string | null };
export type SelectOption = { label: string; value: string };

export type FieldsBlock = { type: "fields"; fields: Field[] };
export type MarkdownBlock = { type: "markdown"; text: string };
export type TableBlock = { type: "table"; columns: TableColumn[]; rows: Record<string, string>[] };
export type DiffBlock = { type: "diff"; rows: DiffRow[] };
export type ImageBlock = { type: "image"; url: string; alt: string };
export type ContextBlock = { type: "context"; text: string };
export type DividerBlock = { type: "divider" };
export type ActionsBlock = { type: "actions"; buttons: Button[] };
export type InputBlock = {
  type: "input";
  name: string;
  label: string;
  placeholder?: string;
  initial?: string;
  multiline?: boolean;
  maxLength?: number;
  optional?: boolean;
};
export type SelectBlock = {
  type: "select";
  name: string;
  label: string;
  options: SelectOption[];
  placeholder?: string;
  initial?: string;
  optional?: boolean;
};

export type Block =
  | FieldsBlock
  | MarkdownBlock
  | TableBlock
  | DiffBlock
  | ImageBlock
  | ContextBlock
  | DividerBlock
  | ActionsBlock
  | InputBlock
  | SelectBlock;

export type BlockType = Block["type"];

export type CardHeader = { title: string; subtitle?: string; tone: Tone };

export type Card = {
  locale: Locale;
  header: CardHeader;
  blocks: Block[];
  /** One line for notifications and previews (Slack `text`, Feishu summary, DingTalk title); defaults to the title. */
  summary?: string;
  /** App path (or absolute URL) of the full view: the target of the "open in app" link. */
  link?: string;
};

/** The pair every platform callback decodes to, plus the form fields submitted with it. */
export type CardAction = { action: string; value: ActionValue; inputs: Record<string, string> };

export const isInteractive = (b: Block): b is ActionsBlock | InputBlock | SelectBlock =>
  b.type === "actions" || b.type === "input" || b.type === "select";

export const isFormField = (b: Block): b is InputBlock | SelectBlock => b.type === "input" || b.type === "select";

export function actionButton(
  text: string,
  action: string,
  value: ActionValue,
  extra: { style?: ButtonStyle; confirm?: Confirm } = {},
): ActionButton {
  return { kind: "action", text, action, value, ...extra };
}

export function linkButton(text: string, url: string, style?: ButtonStyle): LinkButton {
  return style ? { kind: "link", text, url, style } : { kind: "link", text, url };
}

export function allButtons(card: Card): Button[] {
  return card.blocks.flatMap((b) => (b.type === "actions" ? b.buttons : []));
}
