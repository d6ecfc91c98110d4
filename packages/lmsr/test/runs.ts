/**
 * Iteration budgets and seeds for the tests. Local runs stay well under a minute; CI
 * (`CI=true`) runs more iterations. Every random choice is seeded, so runs are deterministic.
 */
export const CI = process.env.CI === "true";

/** `local` iterations normally, `ci` iterations when `CI=true`. */
export const runs = (local: number, ci: number): number => (CI ? ci : local);

/** Seed shared by the fast-check properties (each property also gets its own offset). */
export const SEED = 0x6c6d7372; // "lmsr"
