/**
 * Runs once when the Next.js server starts: checks the configuration (environment over the
 * optional configuration file, lib/config.ts) before the first request, so that a bad setting
 * stops `next start` with a message naming it (exit code 2, as the agents do) instead of
 * surfacing as a notice on every page.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { loadSettings, readServerConfig } = await import("./lib/config");
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
}
