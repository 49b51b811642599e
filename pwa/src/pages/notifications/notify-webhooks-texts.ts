import { registerUiCatalogs } from "../../i18n/index.ts";
import { notifyWebhooksText } from "../../i18n/notify-webhooks.text.ts";

/** The notification webhooks page's words, registered when its chunk loads. */
registerUiCatalogs(notifyWebhooksText);
