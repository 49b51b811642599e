import { registerUiCatalogs } from "../../i18n/index.ts";
import { sensitiveWordsText } from "../../i18n/sensitive-words.text.ts";

/** The sensitive-word page's words, registered when its chunk loads. */
registerUiCatalogs(sensitiveWordsText);
