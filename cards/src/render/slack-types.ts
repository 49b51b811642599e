/** The subset of Slack Block Kit the renderer emits (message surface). */
export type SlackPlainText = { type: "plain_text"; text: string; emoji?: boolean };
export type SlackMrkdwn = { type: "mrkdwn"; text: string };

export type SlackConfirm = {
  title: SlackPlainText;
  text: SlackPlainText;
  confirm: SlackPlainText;
  deny: SlackPlainText;
  style?: "primary" | "danger";
};

export type SlackButton = {
  type: "button";
  text: SlackPlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: "primary" | "danger";
  confirm?: SlackConfirm;
};

export type SlackOption = { text: SlackPlainText; value: string };

export type SlackTextInput = {
  type: "plain_text_input";
  action_id: string;
  multiline?: boolean;
  placeholder?: SlackPlainText;
  initial_value?: string;
  max_length?: number;
};

export type SlackStaticSelect = {
  type: "static_select";
  action_id: string;
  options: SlackOption[];
  placeholder?: SlackPlainText;
  initial_option?: SlackOption;
};

export type SlackBlock =
  | { type: "header"; text: SlackPlainText }
  | { type: "section"; text: SlackMrkdwn }
  | { type: "section"; fields: SlackMrkdwn[] }
  | { type: "context"; elements: SlackMrkdwn[] }
  | { type: "divider" }
  | { type: "image"; image_url: string; alt_text: string }
  | { type: "actions"; elements: SlackButton[] }
  | { type: "input"; block_id: string; label: SlackPlainText; optional?: boolean; element: SlackTextInput | SlackStaticSelect };

/** Arguments for chat.postMessage / chat.update / response_url: `text` is the notification fallback. */
export type SlackMessage = { text: string; blocks: SlackBlock[] };
