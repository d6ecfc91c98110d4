/**
 * The server-start check (see instrumentation.ts), in its own module so that only the Node.js
 * runtime loads it: a bad setting stops `next start` with a message naming it, exit code 2.
 */
import { loadSettings, readServerConfig } from "./lib/config";

try {
  const config = readServerConfig();
  const { file } = loadSettings();
  console.log(
    `[mandate-web] configuration checked: chain ${config.chainId}, ${file ? `file ${file}` : "no configuration file"}`,
  );
} catch (error) {
  console.error(
    `[mandate-web] configuration error: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(2);
}
