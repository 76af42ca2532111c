// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
// squares), on standardised features. With the dozen or so features of the purchase-propensity
// model, each Newton step is one pass over the rows plus a tiny d×d solve, and the fit converges in
// a handful of steps, deterministically (no learning rate, no random start). The intercept is not
// penalised.

export interface LogisticModel {
  /** feature names, in column order */
  features: string[];
  /** per-feature mean and standard deviation used to standardise inputs */
  mean: number[];
  scale: number[];
  /** weights of the standardised features */
  weights: number[];
  intercept: number;
  /** Newton steps taken, and whether the step size fell under the tolerance */
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty on the standardised weights (ridge); default 1 */
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b for a symmetric positive definite A (Cholesky); A and b are not modified. */
export function solveSpd(A: number[][], b: number[]): number[] {
  const n = b.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) L[i][i] = Math.sqrt(Math.max(s, 1e-12));
      else L[i][j] = s / L[j][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/**
 * Fits P(y = 1 | x) = σ(b + w·standardise(x)). `rows` are feature vectors (all of length
 * features.length), `labels` 0/1. Throws on empty or mismatched input.
 */
export function fitLogistic(
  features: string[],
  rows: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticModel {
  const d = features.length;
  const n = rows.length;
  if (n === 0) throw new Error("fitLogistic: no rows");
  if (labels.length !== n) throw new Error("fitLogistic: rows and labels differ in length");
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-7;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of rows) {
    if (r.length !== d) throw new Error(`fitLogistic: a row has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) mean[j] += r[j];
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (const r of rows) for (let j = 0; j < d; j++) scale[j] += (r[j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] / n) || 1;

  // Column 0 is the intercept; columns 1..d the standardised features.
  const p = d + 1;
  const beta = new Array<number>(p).fill(0);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i];
  const base = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  beta[0] = Math.log(base / (1 - base));
  const x = new Float64Array(p);
  /** penalised log-likelihood of coefficients b */
  const objective = (b: readonly number[]): number => {
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      let z = b[0];
      for (let j = 0; j < d; j++) z += b[j + 1] * ((r[j] - mean[j]) / scale[j]);
      // log σ(z) = −log(1 + e^−z), computed stably
      const logP = z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
      const logQ = logP - z;
      ll += labels[i] ? logP : logQ;
    }
    let pen = 0;
    for (let a = 1; a < p; a++) pen += b[a] * b[a];
    return ll - (l2 / 2) * pen;
  };
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations && !converged; iterations++) {
    const H = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const g = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      x[0] = 1;
      let z = beta[0];
      for (let j = 0; j < d; j++) {
        x[j + 1] = (r[j] - mean[j]) / scale[j];
        z += beta[j + 1] * x[j + 1];
      }
      const mu = sigmoid(z);
      const w = Math.max(mu * (1 - mu), 1e-10);
      const resid = labels[i] - mu;
      for (let a = 0; a < p; a++) {
        g[a] += resid * x[a];
        const wa = w * x[a];
        for (let b = 0; b <= a; b++) H[a][b] += wa * x[b];
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) H[b][a] = H[a][b];
      if (a > 0) {
        H[a][a] += l2;
        g[a] -= l2 * beta[a];
      }
    }
    const step = solveSpd(H, g);
    // Backtracking: a full Newton step can overshoot on rare positives; halve it until the
    // penalised log-likelihood does not fall (Newton's method with a line search always converges).
    const before = objective(beta);
    let t = 1;
    let trial = beta.map((b, a) => b + step[a]);
    for (let halvings = 0; halvings < 30 && !(objective(trial) >= before - 1e-12); halvings++) {
      t /= 2;
      trial = beta.map((b, a) => b + t * step[a]);
    }
    let size = 0;
    for (let a = 0; a < p; a++) {
      size = Math.max(size, Math.abs(trial[a] - beta[a]));
      beta[a] = trial[a];
    }
    if (!Number.isFinite(size)) throw new Error("fitLogistic: the fit diverged");
    converged = size < tolerance;
  }
  return { features: [...features], mean, scale, weights: beta.slice(1), intercept: beta[0], iterations, converged };
}

/** The model's probability for one feature vector. */
export function predictLogistic(model: LogisticModel, row: ArrayLike<number>): number {
  let z = model.intercept;
  for (let j = 0; j < model.weights.length; j++) z += model.weights[j] * ((row[j] - model.mean[j]) / model.scale[j]);
  return sigmoid(z);
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count one half). NaN when either class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (labels[idx[k]]) {
        pos++;
        rankSum += avgRank;
      }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
