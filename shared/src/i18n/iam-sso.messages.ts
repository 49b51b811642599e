import type { Catalog } from "./catalog.ts";

export const iamSsoMessages: Catalog = {
  "zh-CN": {},
  en: {},
};
