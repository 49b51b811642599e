import type { Catalog } from "./catalog.ts";

export const iamAuthMessages: Catalog = {
  "zh-CN": {},
  en: {},
};
