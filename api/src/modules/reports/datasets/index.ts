/** datasets/: dataset CRUD and preview, department attributes for row filters. */
export { createDatasets, type Datasets, type DatasetsDeps } from "./datasets.service.ts";
export { createAttributes, type Attributes } from "./attributes.ts";
export { datasetsRoutes } from "./datasets.routes.ts";
export { datasetsUsingSource, reportUsingDataset } from "./datasets.sql.ts";
