import { registerUiCatalogs } from "../../i18n/index.ts";
import { monitorBoardText } from "../../i18n/monitor-board.text.ts";
import { monitorOpsText } from "../../i18n/monitor-ops.text.ts";

/** The monitor area's words (board, series, nodes, slow queries), registered when a page's chunk loads. */
registerUiCatalogs(monitorBoardText, monitorOpsText);
