/**
 * Platform limits as named constants. "platform" marks a documented hard limit (sources in the comments and in
 * /work/shared/im-protocols.md); "ours" marks a budget we chose where the platform documents none, so a card stays
 * readable and well under whatever the real ceiling is.
 */

// ---- Slack Block Kit (docs.slack.dev block-kit reference; node-slack-sdk block-kit types) ----
export const SLACK_MAX_BLOCKS = 50; // platform: blocks per message
export const SLACK_MAX_HEADER_TEXT = 150; // platform: header plain_text
export const SLACK_MAX_SECTION_TEXT = 3000; // platform: section text
export const SLACK_MAX_SECTION_FIELDS = 10; // platform: fields per section
export const SLACK_MAX_FIELD_TEXT = 2000; // platform: each field's text
export const SLACK_MAX_CONTEXT_ELEMENTS = 10; // platform: elements per context block
export const SLACK_MAX_CONTEXT_TEXT = 3000; // platform: a text object in a context block
export const SLACK_MAX_ACTIONS_ELEMENTS = 25; // platform: elements per actions block
export const SLACK_MAX_BUTTON_TEXT = 75; // platform: button text
export const SLACK_MAX_ACTION_ID = 255; // platform: action_id (unique within a message)
export const SLACK_MAX_BLOCK_ID = 255; // platform: block_id
export const SLACK_MAX_BUTTON_VALUE = 2000; // platform: button value
export const SLACK_MAX_URL = 3000; // platform: button url, image_url
export const SLACK_MAX_IMAGE_ALT = 2000; // platform: image alt_text
export const SLACK_MAX_CONFIRM_TITLE = 100; // platform: confirm.title
export const SLACK_MAX_CONFIRM_TEXT = 300; // platform: confirm.text
export const SLACK_MAX_CONFIRM_BUTTON = 30; // platform: confirm.confirm and confirm.deny
export const SLACK_MAX_SELECT_OPTIONS = 100; // platform: static_select options
export const SLACK_MAX_OPTION_TEXT = 75; // platform: option text
export const SLACK_MAX_OPTION_VALUE = 150; // platform: option value
export const SLACK_MAX_PLACEHOLDER = 150; // platform: placeholder
export const SLACK_MAX_INPUT_LABEL = 2000; // platform: input block label
export const SLACK_MAX_INPUT_LENGTH = 3000; // platform: plain_text_input max_length
export const SLACK_MAX_FALLBACK_TEXT = 4000; // platform: recommended top-level `text` length (hard cut 40,000)
export const SLACK_MAX_MESSAGE_BYTES = 60_000; // ours: whole message JSON, so one card never floods a channel

// ---- Feishu / Lark card JSON 2.0 (open.feishu.cn card-json-v2-structure, table, message/create) ----
export const FEISHU_MAX_CARD_BYTES = 30_000; // platform: 30 KB request body for a card message, counted conservatively
export const FEISHU_ENVELOPE_RESERVE_BYTES = 256; // ours: receive_id, msg_type and the JSON around `content`
export const FEISHU_MAX_ELEMENTS = 200; // platform: tagged elements per card (plain_text objects included)
export const FEISHU_MAX_TABLES = 5; // platform: table components per card (error 11310 beyond)
export const FEISHU_MAX_TABLE_COLUMNS = 50; // platform: columns per table
export const FEISHU_MAX_TABLE_PAGE_SIZE = 10; // platform: table page_size in [1, 10]
export const FEISHU_MAX_INPUT_LENGTH = 1000; // platform: input max_length in [1, 1000]
export const FEISHU_MAX_HEADER_TEXT = 150; // ours: header title / subtitle
export const FEISHU_MAX_SUMMARY = 120; // ours: config.summary (chat list preview)
export const FEISHU_MAX_BUTTON_TEXT = 40; // ours
export const FEISHU_MAX_SELECT_OPTIONS = 100; // ours
export const FEISHU_MAX_CALLBACK_VALUE_BYTES = 2000; // ours: callback behavior value (JSON)
export const FEISHU_MAX_CONFIRM_TITLE = 100; // ours (Slack's figure)
export const FEISHU_MAX_CONFIRM_TEXT = 300; // ours (Slack's figure)
export const FEISHU_HEADER_TEMPLATES = [
  "blue", "wathet", "turquoise", "green", "yellow", "orange", "red", "carmine", "violet", "purple", "indigo", "grey", "default",
] as const; // platform: header.template enum

// ---- DingTalk (robot send API, interactive card OpenAPI) ----
export const DINGTALK_MAX_MESSAGE_BYTES = 20_000; // platform: robot message body (errcode 460101 "exceed 20000 bytes")
export const DINGTALK_MAX_CARD_DATA_BYTES = 20_000; // ours: same budget for interactive card data
export const DINGTALK_MAX_TITLE = 64; // ours: markdown / actionCard title shown in the conversation list
export const DINGTALK_MAX_SUBTITLE = 100; // ours: card template subtitle
export const DINGTALK_MAX_ACTIONCARD_BUTTONS = 5; // ours: actionCard btns (links only)
export const DINGTALK_MAX_BUTTON_TEXT = 20; // ours
export const DINGTALK_MAX_CARD_BUTTONS = 6; // ours: buttons the generic interactive template loops over
export const DINGTALK_MAX_PARAM_VALUE = 1000; // ours: one button's action value (JSON string) in cardParamMap
export const DINGTALK_MAX_URL = 2000; // ours: actionURL / link
export const DINGTALK_MAX_CONFIRM_TITLE = 100; // ours (Slack's figure)
export const DINGTALK_MAX_CONFIRM_TEXT = 300; // ours (Slack's figure)

// ---- Web JSON for the PWA (ours: the PWA has the full view one tap away) ----
export const WEB_MAX_CARD_BYTES = 128 * 1024;
export const WEB_MAX_TITLE = 200;
export const WEB_MAX_BLOCKS = 100;
export const WEB_MAX_TEXT = 20_000;
export const WEB_MAX_TABLE_ROWS = 200;
export const WEB_MAX_BUTTONS = 50;
export const WEB_MAX_ACTION_VALUE_BYTES = 2000;

// ---- Confirm dialogs everywhere (Slack's platform figures, ours elsewhere) ----
export const CONFIRM_MAX_TITLE = 100;
export const CONFIRM_MAX_TEXT = 300;

// ---- Action names (ours: one grammar on every platform) ----
export const ACTION_NAME_MAX = 64;
export const ACTION_NAME_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
export const FIELD_NAME_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * How much neutral content a renderer starts from. degrade.ts halves it until the rendered output passes the
 * platform check, so these only need to be a sensible first guess.
 */
export type Budget = {
  blocks: number; // content blocks kept (interactive blocks are always kept, within `buttons` and `options`)
  textChars: number; // per markdown / context block
  fields: number; // per fields block
  fieldChars: number; // per field label or value
  rows: number; // per table or diff
  columns: number; // per table
  cellChars: number; // per table cell or diff value
  buttons: number; // per card
  options: number; // per select
};

export const SLACK_BUDGET: Budget = {
  blocks: 40, textChars: SLACK_MAX_SECTION_TEXT, fields: 20, fieldChars: 500, rows: 40, columns: 8, cellChars: 60,
  buttons: SLACK_MAX_ACTIONS_ELEMENTS, options: SLACK_MAX_SELECT_OPTIONS,
};
export const FEISHU_BUDGET: Budget = {
  blocks: 40, textChars: 8000, fields: 20, fieldChars: 500, rows: 50, columns: 10, cellChars: 100,
  buttons: 20, options: 50,
};
export const DINGTALK_BUDGET: Budget = {
  blocks: 40, textChars: 6000, fields: 20, fieldChars: 500, rows: 40, columns: 6, cellChars: 60,
  buttons: DINGTALK_MAX_CARD_BUTTONS, options: 100,
};
export const WEB_BUDGET: Budget = {
  blocks: WEB_MAX_BLOCKS - 2, textChars: WEB_MAX_TEXT, fields: 50, fieldChars: 2000, rows: WEB_MAX_TABLE_ROWS, columns: 20,
  cellChars: 500, buttons: WEB_MAX_BUTTONS - 1, options: 200,
};
