import { activitySeeder } from "./seed-activity.ts";
import { companySeeder } from "./seed-company.ts";
import { createDemoRegistry, type DemoRegistry } from "./registry.ts";

export { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, DEMO_DEPTS, type DemoUser } from "./company.data.ts";
export { createDemoRegistry, type DemoContext, type DemoRegistry, type DemoSeeder } from "./registry.ts";

/** The demo company and its last two weeks; every later capability registers its own seeder after these. */
export const CORE_DEMO_SEEDERS = [companySeeder, activitySeeder];

/** A registry holding the core seeders (system.ts adds each capability's own). */
export function createCoreDemoRegistry(): DemoRegistry {
  const registry = createDemoRegistry();
  for (const seeder of CORE_DEMO_SEEDERS) registry.register(seeder);
  return registry;
}
