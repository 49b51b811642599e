/**
 * ECharts, tree-shaken to the four chart types uPlot does not draw (pie, funnel, gauge, heatmap) and
 * the canvas renderer. Imported only by echarts-chart.tsx through a dynamic import, so it is its own
 * chunk loaded when a report needs it (STACK.md "PWA sizes": never in the main bundle).
 */
import { FunnelChart, GaugeChart, HeatmapChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([PieChart, FunnelChart, GaugeChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { init };
