/**
 * Iteration budgets and seeds for the property tests. Local runs stay fast; CI (`CI=true`) runs
 * more iterations. Every random choice is seeded, so runs are reproducible.
 */
export const CI = process.env.CI === "true";

/** `local` iterations normally, `ci` iterations when `CI=true`. */
export const runs = (local: number, ci: number): number => (CI ? ci : local);

/** Seed shared by the fast-check properties. */
export const SEED = 0x6d616e64; // "mand"
