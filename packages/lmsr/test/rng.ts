/** A small seeded PRNG (sfc32) with bigint helpers, for reproducible test data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 2 ** 32;
  }

  /** Uniform integer in [lo, hi] (numbers). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Picks one element. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** Uniform bigint with `bits` random bits. */
  bits(bits: number): bigint {
    let x = 0n;
    for (let i = 0; i < bits; i += 32) x = (x << 32n) | BigInt(this.u32());
    const extra = Math.ceil(bits / 32) * 32 - bits;
    return x >> BigInt(extra);
  }

  /** Uniform bigint in [lo, hi]. */
  uniform(lo: bigint, hi: bigint): bigint {
    const span = hi - lo + 1n;
    const bits = span.toString(2).length + 64;
    return lo + (this.bits(bits) % span);
  }

  /** Roughly log-uniform bigint in [lo, hi] (lo ≥ 1): uniform bit length, then uniform bits. */
  logUniform(lo: bigint, hi: bigint): bigint {
    const loBits = lo.toString(2).length;
    const hiBits = hi.toString(2).length;
    const bits = this.int(loBits, hiBits);
    const min = 1n << BigInt(bits - 1);
    const max = (1n << BigInt(bits)) - 1n;
    const x = this.uniform(min, max);
    return x < lo ? lo : x > hi ? hi : x;
  }

  /** A multiple of `unit` by a real factor in [lo, hi), rounded down. */
  scaled(unit: bigint, lo: number, hi: number): bigint {
    const f = lo + (hi - lo) * this.float();
    return (unit * BigInt(Math.floor(f * 2 ** 40))) >> 40n;
  }
}
