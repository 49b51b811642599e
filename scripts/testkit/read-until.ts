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

/**
 * Reads a server started with PORT=0 until it listens and returns its output and base URL, taken from the start
 * banner (printed before "OPS listening"): the kernel picks the port, so no test can collide with another's.
 */
export async function readListening(child: Subprocess<"ignore" | "pipe" | Uint8Array, "pipe", "pipe">): Promise<{ output: string; url: string }> {
  const output = await readUntil(child, "OPS listening");
  const url = output.match(/is running: (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  if (!url) throw new Error(`no listening address in the start banner:\n${output}`);
  return { output, url };
}
