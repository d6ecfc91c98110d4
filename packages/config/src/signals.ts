/**
 * How a long-running Mandate agent stops: the first SIGINT or SIGTERM lets the current step finish
 * (the returned signal aborts), a second one exits at once with code 130.
 */

/** The exit code after a second stop signal (128 + SIGINT's number, as shells report it). */
export const FORCED_EXIT_CODE = 130;

/** What the signals are listened on: `process` by default. */
export interface SignalTarget {
  on(event: NodeJS.Signals, listener: () => void): unknown;
  off(event: NodeJS.Signals, listener: () => void): unknown;
}

export interface StopOnSignalsOptions {
  /** The program, as its messages start: `mandate-delegate`, `mandate-trader`. */
  name: string;
  /** Where the two notices go (stderr). */
  log: (line: string) => void;
  /** Another reason to stop (tests, an embedding program): aborting it aborts the result. */
  signal?: AbortSignal | undefined;
  /** Called with 130 on the second signal; default `process.exit`. */
  exit?: (code: number) => void;
  /** Default `process`. */
  target?: SignalTarget;
  /** Default SIGINT and SIGTERM. */
  signals?: readonly NodeJS.Signals[];
}

export interface StopOnSignals {
  /** Aborted by the first signal (or by `options.signal`). */
  readonly signal: AbortSignal;
  /** How many stop signals arrived. */
  readonly count: number;
  /** Stops listening (call it in a `finally`). */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM. The first logs
 * `<name>: SIGTERM: finishing the current step, then stopping (again to force)` and aborts the
 * returned signal; the second logs `<name>: SIGTERM again: exiting now` and exits with 130.
 */
export function stopOnSignals(options: StopOnSignalsOptions): StopOnSignals {
  const { name, log } = options;
  const target: SignalTarget = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  const outside = options.signal;
  const onOutside = () => controller.abort();
  if (outside?.aborted) controller.abort();
  else outside?.addEventListener("abort", onOutside, { once: true });

  let count = 0;
  const listeners = (options.signals ?? ["SIGINT", "SIGTERM"]).map((sig) => {
    const listener = () => {
      count++;
      if (count === 1) {
        log(`${name}: ${sig}: finishing the current step, then stopping (again to force)`);
        controller.abort();
      } else {
        log(`${name}: ${sig} again: exiting now`);
        exit(FORCED_EXIT_CODE);
      }
    };
    target.on(sig, listener);
    return [sig, listener] as const;
  });

  return {
    signal: controller.signal,
    get count() {
      return count;
    },
    dispose() {
      for (const [sig, listener] of listeners) target.off(sig, listener);
      outside?.removeEventListener("abort", onOutside);
    },
  };
}
