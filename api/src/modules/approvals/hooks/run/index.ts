/** Hooks at run time: started after an instance ended; and the system's withdraw (flows' gates). */
export { runHooks } from "./run-hooks.ts";
export { withdrawBySystem } from "./system-withdraw.ts";
