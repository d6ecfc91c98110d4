import fc from "fast-check";
import { runs, SEED } from "./runs.js";

// Fixed seed for every property: runs are reproducible. More runs on CI.
fc.configureGlobal({ seed: SEED, numRuns: runs(200, 2_000) });
