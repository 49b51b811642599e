import { api } from "./client.ts";
import type { SecuritySettings } from "./types.ts";

export const settingsApi = {
  security: () => api.get<SecuritySettings>("/settings/security"),
  saveSecurity: (body: SecuritySettings) => api.put<SecuritySettings>("/settings/security", body),
};
