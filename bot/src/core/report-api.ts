/**
 * The reports routes the chat answers call, through the same typed client as the caller. The reports module adds its
 * routes to an OpenAPIHono built at start (createReports), so AppType does not spell them: they are declared here
 * with the paths of DESIGN.md §5 and the wire types of @ops/shared/contracts/reports.ts.
 */
import type { ReportDigestData } from "@ops/cards";
import type { Metric, Report } from "@ops/shared/contracts/reports.ts";
import { data } from "./api-client.ts";
import type { AnswerCtx } from "./answer.ts";

type Pending = Promise<{ status: number; json(): Promise<unknown> }>;
type Query = Record<string, string>;
type Page<T> = { items: T[]; total: number };

type ReportsRoutes = {
  reports: {
    $get(a: { query: Query }): Pending;
    ":id": {
      $get(a: { param: { id: string } }): Pending;
      digest: { $get(a: { param: { id: string }; query: Query }): Pending };
    };
  };
  "metrics-dictionary": { $get(a: { query: Query }): Pending };
};

const routes = (ctx: AnswerCtx) => ctx.api.as(ctx.caller).api.v1 as unknown as ReportsRoutes;

/** Reports the caller may view: `q` searches names and titles; `favourites` only theirs. */
export const listReports = (ctx: AnswerCtx, query: { q?: string; favourites?: boolean; pageSize: number }) =>
  data<Page<Report>>(routes(ctx).reports.$get({
    query: { page: "1", page_size: String(query.pageSize), ...(query.q ? { q: query.q } : {}), ...(query.favourites ? { favourites: "1" } : {}) },
  }));

/** One report by id or name (403 when its roles leave the caller out, 404 when there is none). */
export const readReport = (ctx: AnswerCtx, idOrName: string) => data<Report>(routes(ctx).reports[":id"].$get({ param: { id: idOrName } }));

/** The digest as the caller sees it: their row filters and masking; control values checked by the API (400 per field). */
export const readDigest = (ctx: AnswerCtx, idOrName: string, params: Query) =>
  data<{ card: ReportDigestData }>(routes(ctx).reports[":id"].digest.$get({ param: { id: idOrName }, query: params }));

export const searchMetrics = (ctx: AnswerCtx, q: string, pageSize: number) =>
  data<Page<Metric>>(routes(ctx)["metrics-dictionary"].$get({ query: { q, page: "1", page_size: String(pageSize) } }));
