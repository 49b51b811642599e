/** vitest setup file (vitest.config.ts setupFiles): what a test file's helpers left to undo (./file-end.ts) runs when the file ends. */
import { afterAll } from "vitest";
import { runFileEnd } from "./file-end.ts";

afterAll(runFileEnd);
