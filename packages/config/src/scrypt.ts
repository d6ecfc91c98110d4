/**
 * scrypt (RFC 7914) in TypeScript, for the parameters node:crypto refuses.
 *
 * OpenSSL, behind node:crypto's scrypt, enforces RFC 7914's N < 2^(128 * r / 8); geth does not,
 * and keystores with r = 1 and n >= 65536 exist — the Web3 Secret Storage Definition's own scrypt
 * test vector has n = 262144, r = 1, p = 8. For those (and only those) keystores this
 * implementation derives the key: PBKDF2-HMAC-SHA256 from node:crypto around ROMix with
 * Salsa20/8. It yields to the event loop every few thousand blocks so a start-up decryption
 * does not freeze the process for the second or two it takes.
 */
import { pbkdf2Sync } from "node:crypto";

/** Whether node:crypto (OpenSSL) accepts these parameters: N < 2^(16 r). */
export function opensslAcceptsScrypt(n: number, r: number): boolean {
  return n < 2 ** (16 * r);
}

function salsa20_8(b: Uint32Array, off: number): void {
  let x0 = b[off] as number;
  let x1 = b[off + 1] as number;
  let x2 = b[off + 2] as number;
  let x3 = b[off + 3] as number;
  let x4 = b[off + 4] as number;
  let x5 = b[off + 5] as number;
  let x6 = b[off + 6] as number;
  let x7 = b[off + 7] as number;
  let x8 = b[off + 8] as number;
  let x9 = b[off + 9] as number;
  let x10 = b[off + 10] as number;
  let x11 = b[off + 11] as number;
  let x12 = b[off + 12] as number;
  let x13 = b[off + 13] as number;
  let x14 = b[off + 14] as number;
  let x15 = b[off + 15] as number;
  const rotl = (v: number, c: number) => (v << c) | (v >>> (32 - c));
  for (let i = 0; i < 8; i += 2) {
    // columns
    x4 ^= rotl((x0 + x12) | 0, 7);
    x8 ^= rotl((x4 + x0) | 0, 9);
    x12 ^= rotl((x8 + x4) | 0, 13);
    x0 ^= rotl((x12 + x8) | 0, 18);
    x9 ^= rotl((x5 + x1) | 0, 7);
    x13 ^= rotl((x9 + x5) | 0, 9);
    x1 ^= rotl((x13 + x9) | 0, 13);
    x5 ^= rotl((x1 + x13) | 0, 18);
    x14 ^= rotl((x10 + x6) | 0, 7);
    x2 ^= rotl((x14 + x10) | 0, 9);
    x6 ^= rotl((x2 + x14) | 0, 13);
    x10 ^= rotl((x6 + x2) | 0, 18);
    x3 ^= rotl((x15 + x11) | 0, 7);
    x7 ^= rotl((x3 + x15) | 0, 9);
    x11 ^= rotl((x7 + x3) | 0, 13);
    x15 ^= rotl((x11 + x7) | 0, 18);
    // rows
    x1 ^= rotl((x0 + x3) | 0, 7);
    x2 ^= rotl((x1 + x0) | 0, 9);
    x3 ^= rotl((x2 + x1) | 0, 13);
    x0 ^= rotl((x3 + x2) | 0, 18);
    x6 ^= rotl((x5 + x4) | 0, 7);
    x7 ^= rotl((x6 + x5) | 0, 9);
    x4 ^= rotl((x7 + x6) | 0, 13);
    x5 ^= rotl((x4 + x7) | 0, 18);
    x11 ^= rotl((x10 + x9) | 0, 7);
    x8 ^= rotl((x11 + x10) | 0, 9);
    x9 ^= rotl((x8 + x11) | 0, 13);
    x10 ^= rotl((x9 + x8) | 0, 18);
    x12 ^= rotl((x15 + x14) | 0, 7);
    x13 ^= rotl((x12 + x15) | 0, 9);
    x14 ^= rotl((x13 + x12) | 0, 13);
    x15 ^= rotl((x14 + x13) | 0, 18);
  }
  b[off] = ((b[off] as number) + x0) | 0;
  b[off + 1] = ((b[off + 1] as number) + x1) | 0;
  b[off + 2] = ((b[off + 2] as number) + x2) | 0;
  b[off + 3] = ((b[off + 3] as number) + x3) | 0;
  b[off + 4] = ((b[off + 4] as number) + x4) | 0;
  b[off + 5] = ((b[off + 5] as number) + x5) | 0;
  b[off + 6] = ((b[off + 6] as number) + x6) | 0;
  b[off + 7] = ((b[off + 7] as number) + x7) | 0;
  b[off + 8] = ((b[off + 8] as number) + x8) | 0;
  b[off + 9] = ((b[off + 9] as number) + x9) | 0;
  b[off + 10] = ((b[off + 10] as number) + x10) | 0;
  b[off + 11] = ((b[off + 11] as number) + x11) | 0;
  b[off + 12] = ((b[off + 12] as number) + x12) | 0;
  b[off + 13] = ((b[off + 13] as number) + x13) | 0;
  b[off + 14] = ((b[off + 14] as number) + x14) | 0;
  b[off + 15] = ((b[off + 15] as number) + x15) | 0;
}

/** BlockMix_{Salsa20/8, r}: `input` (32 r words) -> `output`, using `x` (16 words) as scratch. */
function blockMix(input: Uint32Array, output: Uint32Array, x: Uint32Array, r: number): void {
  x.set(input.subarray((2 * r - 1) * 16, 2 * r * 16));
  for (let i = 0; i < 2 * r; i++) {
    for (let k = 0; k < 16; k++) x[k] = (x[k] as number) ^ (input[i * 16 + k] as number);
    salsa20_8(x, 0);
    // Even blocks go to the first half of the output, odd blocks to the second.
    output.set(x, ((i >> 1) + (i & 1) * r) * 16);
  }
}

const YIELD_EVERY = 8192;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function roMix(block: Uint32Array, n: number, r: number): Promise<void> {
  const words = 32 * r;
  const v = new Uint32Array(words * n);
  let x = new Uint32Array(block);
  let y = new Uint32Array(words);
  const scratch = new Uint32Array(16);
  for (let i = 0; i < n; i++) {
    v.set(x, i * words);
    blockMix(x, y, scratch, r);
    [x, y] = [y, x];
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await tick();
  }
  for (let i = 0; i < n; i++) {
    const j = (x[(2 * r - 1) * 16] as number) & (n - 1);
    for (let k = 0; k < words; k++) x[k] = (x[k] as number) ^ (v[j * words + k] as number);
    blockMix(x, y, scratch, r);
    [x, y] = [y, x];
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await tick();
  }
  block.set(x);
  v.fill(0);
}

/** scrypt(password, salt, N, r, p, dkLen) per RFC 7914. */
export async function scryptJs(
  password: Uint8Array,
  salt: Uint8Array,
  n: number,
  r: number,
  p: number,
  dklen: number,
): Promise<Buffer> {
  const b = pbkdf2Sync(password, salt, 1, p * 128 * r, "sha256");
  const words = 32 * r;
  const w = new Uint32Array(words);
  for (let i = 0; i < p; i++) {
    const base = i * 128 * r;
    for (let k = 0; k < words; k++) w[k] = b.readUInt32LE(base + 4 * k);
    await roMix(w, n, r);
    for (let k = 0; k < words; k++) b.writeUInt32LE(w[k] as number, base + 4 * k);
  }
  const out = pbkdf2Sync(password, b, 1, dklen, "sha256");
  b.fill(0);
  w.fill(0);
  return out;
}
