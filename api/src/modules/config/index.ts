/** Config center (issue 11). Others reach it only through this file. */
export type { ApplyMeta, ConfigData, ConfigWriteGate, FieldError } from "./data/ports.ts";
