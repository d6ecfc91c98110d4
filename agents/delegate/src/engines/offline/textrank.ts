/**
 * TextRank over sentences (Mihalcea & Tarau 2004), with the LexRank similarity (Erkan & Radev
 * 2004): sentences are tf-idf vectors, edges are cosine similarities, and scores are the
 * stationary distribution of a damped random walk, found by power iteration. A prior
 * (personalisation vector) lets callers favour some sentences, e.g. early ones. Deterministic:
 * no randomness, fixed iteration order, ties broken by position.
 */

const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before " +
    "being below between both but by can could did do does doing down during each few for from " +
    "further had has have having he her here hers herself him himself his how i if in into is it " +
    "its itself just me more most my myself no nor not now of off on once only or other our ours " +
    "ourselves out over own same she should so some such than that the their theirs them " +
    "themselves then there these they this those through to too under until up very was we were " +
    "what when where which while who whom why will with would you your yours yourself " +
    "yourselves may might must shall us via per within without upon across among"
  ).split(" "),
);

/** A light suffix stripper: enough to merge "transfers"/"transferred"/"transferring". */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ["ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const root = word.slice(0, -suffix.length);
      return suffix === "ies" ? `${root}y` : root;
    }
  }
  return word;
}

/** Lowercase content words, stemmed, without stopwords or pure numbers. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (w.length < 2 || STOPWORDS.has(w) || /^\d+$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

export interface TextRankOptions {
  /** Damping factor (probability of following an edge). Default 0.85. */
  damping?: number;
  /** Maximum power iterations. Default 100. */
  maxIterations?: number;
  /** Stop when the L1 change of the score vector is below this. Default 1e-9. */
  tolerance?: number;
  /** Non-negative prior per sentence (normalised internally); uniform when absent. */
  prior?: readonly number[];
}

export interface TextRankResult {
  /** One score per sentence, summing to 1 (empty input gives []). */
  scores: number[];
  iterations: number;
}

/** Scores `sentences` by TextRank over a tf-idf cosine similarity graph. */
export function textRank(
  sentences: readonly string[],
  options: TextRankOptions = {},
): TextRankResult {
  const n = sentences.length;
  if (n === 0) return { scores: [], iterations: 0 };
  const damping = options.damping ?? 0.85;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;

  // Term ids, document frequencies and sparse tf vectors.
  const ids = new Map<string, number>();
  const tfs: Map<number, number>[] = [];
  const df: number[] = [];
  for (const sentence of sentences) {
    const tf = new Map<number, number>();
    for (const token of tokenize(sentence)) {
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
        df.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) df[id] = (df[id] ?? 0) + 1;
    tfs.push(tf);
  }
  const vectors = tfs.map((tf) => {
    const v = new Map<number, number>();
    let norm = 0;
    for (const [id, count] of tf) {
      const idf = Math.log((1 + n) / (1 + (df[id] ?? 0))) + 1;
      const w = count * idf;
      v.set(id, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [id, w] of v) v.set(id, w / norm);
    return v;
  });

  // Symmetric similarity matrix (no self loops).
  const weights = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const vi = vectors[i] ?? new Map<number, number>();
    for (let j = i + 1; j < n; j++) {
      const vj = vectors[j] ?? new Map<number, number>();
      const [small, large] = vi.size <= vj.size ? [vi, vj] : [vj, vi];
      let dot = 0;
      for (const [id, w] of small) {
        const o = large.get(id);
        if (o !== undefined) dot += w * o;
      }
      weights[i * n + j] = dot;
      weights[j * n + i] = dot;
    }
  }
  const rowSums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += weights[i * n + j] ?? 0;
    rowSums[i] = s;
  }

  // Personalisation vector.
  const prior = new Float64Array(n);
  let priorSum = 0;
  for (let i = 0; i < n; i++) {
    const p = options.prior?.[i];
    const v = p !== undefined && Number.isFinite(p) && p > 0 ? p : options.prior ? 0 : 1;
    prior[i] = v;
    priorSum += v;
  }
  if (priorSum <= 0) {
    prior.fill(1);
    priorSum = n;
  }
  for (let i = 0; i < n; i++) prior[i] = (prior[i] ?? 0) / priorSum;

  let scores = Float64Array.from(prior);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let j = 0; j < n; j++) {
      const sj = scores[j] ?? 0;
      const rs = rowSums[j] ?? 0;
      if (rs === 0) {
        dangling += sj;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const w = weights[j * n + i] ?? 0;
        if (w !== 0) next[i] = (next[i] ?? 0) + (sj * w) / rs;
      }
    }
    let delta = 0;
    for (let i = 0; i < n; i++) {
      const p = prior[i] ?? 0;
      const v = (1 - damping) * p + damping * ((next[i] ?? 0) + dangling * p);
      delta += Math.abs(v - (scores[i] ?? 0));
      next[i] = v;
    }
    scores = next;
    if (delta < tolerance) {
      iterations++;
      break;
    }
  }
  return { scores: Array.from(scores), iterations };
}

/** Indices of the `k` best-scored items, best first; ties go to the earlier item. */
export function topIndices(scores: readonly number[], k: number): number[] {
  return scores
    .map((s, i) => [s, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, Math.max(0, k))
    .map(([, i]) => i);
}
