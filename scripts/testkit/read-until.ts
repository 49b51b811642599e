import type { Subprocess } from "bun";

/**
 * Reads a spawned server's stdout until `marker` appears and returns what it printed so far; a
 * process that exits first fails with its output and stderr (the event, not a sleep, ends the wait).
 */
export async function readUntil(child: Subprocess<"ignore" | "pipe" | Uint8Array, "pipe", "pipe">, marker: string): Promise<string> {
  let output = "";
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  while (!output.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before "${marker}":\n${output}\n${await new Response(child.stderr).text()}`);
    output += decoder.decode(value);
  }
  reader.releaseLock();
  return output;
}
