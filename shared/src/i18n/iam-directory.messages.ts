import type { Catalog } from "./catalog.ts";

export const iamDirectoryMessages: Catalog = {
  "zh-CN": {},
  en: {},
};
