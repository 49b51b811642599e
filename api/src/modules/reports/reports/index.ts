import type { Actor } from "@ops/shared";
import type { ControlOption, ReportData } from "@ops/shared/contracts/reports.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { DatasetLookup, DatasetRunner } from "../ports.ts";
import { createResultCache, type ResultCache } from "./cache.ts";
import { DEFAULT_TIME_ZONE } from "./dates.ts";
import { createDefinitions, type Definitions } from "./definitions.ts";
import { createOptions } from "./options.ts";
import type { RawParams } from "./params.ts";
import { createReader, type Reader } from "./reader.ts";
import { reportDefsRoutes } from "./reports.routes.ts";
import { createViewer, type Viewer } from "./viewer.ts";

export { mayView, roleCodes } from "./access.ts";

export type ReportDefsDeps = {
  db: Db;
  clock: Clock;
  datasets: DatasetLookup;
  runner: DatasetRunner;
  publicUrl?: string;
  /** the calendar of date presets, KPI periods and watermarks (default Asia/Shanghai) */
  timeZone?: string;
  /** cached answers kept at most (default 500) */
  cacheMax?: number;
};

/**
 * reports/: report definitions (CRUD), their data as a viewer (the ReportReader), control options, favourites, view
 * prefs, share links and the result cache. Others reach it through `reader` (ports.ts ReportReader).
 */
export function createReportDefs(deps: ReportDefsDeps): ReportDefs & { routes: ReturnType<typeof reportDefsRoutes> } {
  const { db, clock } = deps;
  const cache = createResultCache<ReportData>({ max: deps.cacheMax ?? 500, now: () => clock.now().getTime() });
  const options = createOptions({ datasets: deps.datasets, runner: deps.runner });
  const definitions = createDefinitions({ db, clock, datasets: deps.datasets, onChange: (id) => cache.forget(id) });
  const reader = createReader({ db, clock, datasets: deps.datasets, runner: deps.runner, options, cache, timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE });
  const viewer = createViewer({ db, clock, ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) });

  async function controlOptions(actor: Actor, idOrName: string, name: string, raw: RawParams): Promise<ControlOption[]> {
    const { report, params } = await reader.prepare(actor, idOrName, raw);
    return options.options(actor, report, name, raw, params);
  }

  const defs: ReportDefs = { definitions, reader, viewer, controlOptions, cache };
  return { ...defs, routes: reportDefsRoutes(defs) };
}

/** The parts the routes (and the module's wiring) use. */
export type ReportDefs = {
  definitions: Definitions;
  reader: Reader;
  viewer: Viewer;
  controlOptions(actor: Actor, idOrName: string, name: string, raw: RawParams): Promise<ControlOption[]>;
  cache: ResultCache<ReportData>;
};
