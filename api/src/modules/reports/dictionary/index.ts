/** dictionary/: the metric dictionary (指标字典) at /metrics-dictionary. */
export { createDictionary, metricNotFound, type Dictionary } from "./dictionary.service.ts";
export { dictionaryRoutes } from "./dictionary.routes.ts";
