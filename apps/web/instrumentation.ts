/**
 * Runs once when the Next.js server starts: checks the configuration (environment over the
 * optional configuration file, lib/config.ts) before the first request, so that a bad setting
 * stops `next start` with a message naming it (exit code 2, as the agents do) instead of
 * surfacing as a notice on every page. The check itself is Node.js-only (instrumentation-node.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
