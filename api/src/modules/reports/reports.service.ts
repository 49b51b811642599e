import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { ReportsDeps } from "./reports.deps.ts";
import { createDatasources, createSourceRegistry, datasourcesRoutes } from "./sources/index.ts";
import { createAttributes, createDatasets, datasetsRoutes } from "./datasets/index.ts";
import { createDatasetRunner, createSchemaCache } from "./query/index.ts";
import { createReportDefs } from "./reports/index.ts";
import { createDictionary, dictionaryRoutes } from "./dictionary/index.ts";
import { createUploads, uploadsRoutes } from "./uploads/index.ts";
import { createDelivery } from "./delivery.ts";
import { useChartFonts } from "./render/index.ts";

/**
 * The reports module: its parts are created here in dependency order and meet only through ./ports.ts.
 * sources/ → uploads/ → query/ + datasets/ → reports/ (+ dictionary/) → exports/ + subscriptions/.
 */
export function createReports(deps: ReportsDeps) {
  const log = deps.logger;
  if (deps.chartFonts) useChartFonts(deps.chartFonts.files, deps.chartFonts.family);
  // Each part adds its routes here (before a part's `/{id}` routes go its fixed paths).
  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false });
  const stops: Array<() => Promise<void> | void> = [];
  // sources/: datasources and one pooled driver per datasource (after uploads' fixed /datasources/… paths)
  const sources = createSourceRegistry(deps);
  const datasources = createDatasources(deps, sources);
  // uploads/: CSV/XLSX files as `upload` datasources in local tables, read through the registry's store driver
  const uploads = createUploads({ ...deps, sources: { get: (id) => sources.get(id), forget: (id) => sources.invalidate(id) } });
  datasources.addRemoveHook(uploads.dropTableOf);
  routes.route("/", uploadsRoutes(uploads));
  routes.route("/", datasourcesRoutes(datasources));
  stops.push(() => sources.stop());
  // query/ + datasets/: datasets over the sources, run as the viewer (row filters and masking inside the SQL)
  const schemas = createSchemaCache();
  const runner = createDatasetRunner({ db: deps.db, scope: deps.scope, sources, schemas, slowQueries: deps.slowQueries });
  const datasets = createDatasets({ db: deps.db, clock: deps.clock, sources, schemas, runner });
  routes.route("/", datasetsRoutes(datasets, createAttributes(deps)));
  // reports/ + dictionary/: report definitions and their data as the viewer (the ReportReader), the metric dictionary
  const reportDefs = createReportDefs({ db: deps.db, clock: deps.clock, datasets, runner, ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) });
  routes.route("/", reportDefs.routes);
  const dictionary = createDictionary({ db: deps.db, clock: deps.clock, datasets });
  routes.route("/", dictionaryRoutes(dictionary));
  // exports/ + subscriptions/: exports and export jobs, digests with signed chart images, subscriptions (read as each viewer)
  const delivery = createDelivery(deps, reportDefs.reader);
  routes.route("/", delivery.routes);
  stops.push(() => delivery.stop());
  return {
    routes,
    sources,
    datasources,
    /** DatasetRunner (ports.ts) plus probeColumns/preview */
    runner,
    datasets,
    /** ReportReader (ports.ts): a report's data as a viewer, for exports, subscriptions, the bot and the workbench */
    reader: reportDefs.reader,
    reportDefs,
    dictionary,
    /** exports, digestOf (the bot's report card), subscriptions */
    delivery,
    /** the scheduler role runs subscriptions' due pass; the worker role runs export and delivery jobs */
    start(roles: { scheduler: boolean; worker: boolean }) {
      void log;
      delivery.start(roles);
    },
    /** Ends the scheduler role's passes (a shutdown's first steps); the export and delivery workers drain with the queue's. */
    stopScheduler: () => delivery.stopScheduler(),
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
