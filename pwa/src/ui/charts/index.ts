/** Report charts: uPlot for series (line, bar, area), lazily loaded ECharts for pie, funnel, gauge, heatmap; value formatting. */
export { UplotChart, type UplotChartProps } from "./uplot-chart.tsx";
export { EchartsChart, type EchartsChartProps, type EchartsKind } from "./echarts-chart.tsx";
export { frameOf, measureColumns, type ChartFrame, type ChartSeriesData } from "./series.ts";
export { deltaTone, formatDelta, formatValue, thresholdColor } from "./format.ts";
