import { registerUiCatalogs } from "../../i18n/index.ts";
import { reportsAdminText } from "../../i18n/reports-admin.text.ts";
import { reportsViewerText } from "../../i18n/reports-viewer.text.ts";

/** The reports area's words, registered when its chunk loads (every page of the area imports this first). */
registerUiCatalogs(reportsViewerText, reportsAdminText);
