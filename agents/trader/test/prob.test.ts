import { describe, expect, it } from "vitest";
import { DAY, remainingToday } from "../src/limits.js";
import { gaussian, logit, mulberry32, normalCdf, sigmoid } from "../src/prob.js";
import { NOW, policy, usage } from "./helpers.js";

describe("probability helpers", () => {
  it("normal CDF to 1e-7", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 6);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it("logit and sigmoid invert each other, without overflow", () => {
    for (const p of [1e-4, 0.1, 0.5, 0.9, 1 - 1e-4]) expect(sigmoid(logit(p))).toBeCloseTo(p, 12);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });

  it("seeded noise is reproducible and roughly standard normal", () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const xs = Array.from({ length: 20_000 }, () => gaussian(a));
    expect(gaussian(b)).toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it("the daily window as the vault keeps it", () => {
    const p = policy({ maxPerDay: 100n });
    expect(remainingToday(p, usage(), NOW)).toBe(100n);
    expect(remainingToday(p, usage({ windowStart: NOW - 10n, windowSpent: 30n }), NOW)).toBe(70n);
    expect(remainingToday(p, usage({ windowStart: NOW - DAY, windowSpent: 100n }), NOW)).toBe(100n);
    expect(remainingToday(p, usage({ windowStart: NOW - 1n, windowSpent: 130n }), NOW)).toBe(0n);
  });
});
