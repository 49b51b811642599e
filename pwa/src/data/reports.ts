import type {
  ControlOption, Dataset, DatasetInput, DatasetPreview, Datasource, DatasourceHealth, DatasourceInput, ExportFormat, Metric,
  Report, ReportData, ReportExport, ReportInput, ReportShare, ReportSubscription, ReportViewPrefs, SourceTable, UploadColumn,
} from "@ops/shared/contracts/reports.ts";
import { api, request, requestBlob, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type * from "@ops/shared/contracts/reports.ts";
export { CHART_TYPES, CONTROL_TYPES, DATASOURCE_TYPES, DATE_PRESETS, MASK_KINDS, PARAM_TYPES, BUILDER_AGGS, FILTER_OPS, REPORT_NAME_PATTERN } from "@ops/shared/contracts/reports.ts";

/** Control values as the URL and the API carry them: one text, or several for multi-selects. */
export type ParamValues = Record<string, string | string[]>;

const enc = encodeURIComponent;
const itemsOf = <T>(x: Page<T> | T[]): T[] => (Array.isArray(x) ? x : x.items);

/** Repeated keys (`city=a&city=b`) do not fit Query: lists travel comma-joined, as dataset list params expect. */
export function paramsQuery(values: ParamValues): Query {
  const q: Query = {};
  for (const [k, v] of Object.entries(values)) q[k] = Array.isArray(v) ? v.join(",") : v;
  return q;
}

/** Reports: list, definitions, data, control options, favourites, view prefs, shares, exports. */
export const reportsApi = {
  list: (q: Query = {}) => api.get<Page<Report>>("/reports", { page_size: 100, ...q }),
  get: (id: string) => api.get<Report>(`/reports/${enc(id)}`),
  create: (input: ReportInput) => api.post<Report>("/reports", input),
  update: (id: string, input: ReportInput) => request<Report>("PATCH", `/reports/${enc(id)}`, { body: input }),
  remove: (id: string) => api.del<unknown>(`/reports/${enc(id)}`),
  data: (id: string, values: ParamValues, q: Query = {}) => api.get<ReportData>(`/reports/${enc(id)}/data`, { ...paramsQuery(values), ...q }),
  options: (id: string, control: string, parents: ParamValues) =>
    api.get<ControlOption[]>(`/reports/${enc(id)}/controls/${enc(control)}/options`, paramsQuery(parents)),
  favourite: (id: string, on: boolean) => request<unknown>(on ? "PUT" : "DELETE", `/reports/${enc(id)}/favourite`, on ? { body: {} } : {}),
  prefs: (id: string) => api.get<ReportViewPrefs>(`/reports/${enc(id)}/prefs`),
  savePrefs: (id: string, prefs: ReportViewPrefs) => api.put<ReportViewPrefs>(`/reports/${enc(id)}/prefs`, prefs),
  share: (id: string, params: ParamValues) => api.post<ReportShare>(`/reports/${enc(id)}/shares`, { params }),
  resolveShare: (id: string) => api.get<ReportShare>(`/report-shares/${enc(id)}`),
  download: (id: string, format: ExportFormat, values: ParamValues) => requestBlob(`/reports/${enc(id)}/export`, { ...paramsQuery(values), format }),
  startExport: (id: string, format: ExportFormat, params: ParamValues) => api.post<ReportExport>(`/reports/${enc(id)}/exports`, { format, params }),
  exportJob: (id: string) => api.get<ReportExport>(`/report-exports/${enc(id)}`),
  exportFile: (id: string) => requestBlob(`/report-exports/${enc(id)}/download`),
};

export type DatasourceTest = DatasourceHealth;

export const datasourcesApi = {
  list: () => api.get<Page<Datasource> | Datasource[]>("/datasources", { page_size: 200 }).then(itemsOf),
  get: (id: string) => api.get<Datasource>(`/datasources/${enc(id)}`),
  create: (input: DatasourceInput) => api.post<Datasource>("/datasources", input),
  update: (id: string, input: DatasourceInput) => api.put<Datasource>(`/datasources/${enc(id)}`, input),
  remove: (id: string) => api.del<unknown>(`/datasources/${enc(id)}`),
  test: (id: string) => api.post<DatasourceTest>(`/datasources/${enc(id)}/test`),
  testUnsaved: (input: DatasourceInput) => api.post<DatasourceTest>("/datasources/test", input),
  tables: (id: string) => api.get<SourceTable[] | { tables: SourceTable[] }>(`/datasources/${enc(id)}/tables`).then((t) => (Array.isArray(t) ? t : t.tables)),
};

/** `POST /datasources/upload/preview`: what the file would become, nothing stored. */
export type UploadPreview = { columns: UploadColumn[]; rows: Array<Record<string, unknown>>; total_rows?: number; rows_count?: number; file_name?: string };

export const datasetsApi = {
  list: () => api.get<Page<Dataset> | Dataset[]>("/datasets", { page_size: 200 }).then(itemsOf),
  get: (id: string) => api.get<Dataset>(`/datasets/${enc(id)}`),
  create: (input: DatasetInput) => api.post<Dataset>("/datasets", input),
  update: (id: string, input: DatasetInput) => api.put<Dataset>(`/datasets/${enc(id)}`, input),
  remove: (id: string) => api.del<unknown>(`/datasets/${enc(id)}`),
  preview: (id: string, params: ParamValues) => api.post<DatasetPreview>(`/datasets/${enc(id)}/preview`, { params }),
  /** an unsaved dataset: the editor's draft with the parameter values to try */
  previewDraft: (input: DatasetInput, values: ParamValues) => api.post<DatasetPreview>("/datasets/preview", { dataset: input, params: values }),
};

export type SubscriptionInput = Pick<ReportSubscription, "report_id" | "name" | "frequency" | "time" | "time_zone" | "params" | "recipients" | "channels" | "attach_xlsx" | "enabled"> & { day?: number };

export const subscriptionsApi = {
  list: (q: Query = {}) => api.get<Page<ReportSubscription> | ReportSubscription[]>("/report-subscriptions", { page_size: 100, ...q }).then(itemsOf),
  create: (input: SubscriptionInput) => api.post<ReportSubscription>("/report-subscriptions", input),
  update: (id: string, input: SubscriptionInput) => api.put<ReportSubscription>(`/report-subscriptions/${enc(id)}`, input),
  remove: (id: string) => api.del<unknown>(`/report-subscriptions/${enc(id)}`),
  run: (id: string) => api.post<unknown>(`/report-subscriptions/${enc(id)}/run`),
};

export type MetricInput = Pick<Metric, "name" | "title" | "definition" | "sql" | "dataset_id" | "column" | "unit" | "refresh" | "tags"> & { owner_id?: string | null };

export const metricsApi = {
  list: (q: Query = {}) => api.get<Page<Metric> | Metric[]>("/metrics-dictionary", { page_size: 100, ...q }).then(itemsOf),
  get: (id: string) => api.get<Metric>(`/metrics-dictionary/${enc(id)}`),
  create: (input: MetricInput) => api.post<Metric>("/metrics-dictionary", input),
  update: (id: string, input: MetricInput) => request<Metric>("PATCH", `/metrics-dictionary/${enc(id)}`, { body: input }),
};
