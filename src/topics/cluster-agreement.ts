/**
 * How well a clustering agrees with reference classes (topics against arXiv categories):
 * normalized mutual information (arithmetic-mean normalisation, scikit-learn's default), the
 * adjusted Rand index (Hubert & Arabie) and purity. Labels are any strings or numbers, one per item.
 */

export interface Agreement {
  nmi: number;
  ari: number;
  purity: number;
}

const choose2 = (n: number) => (n * (n - 1)) / 2;

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

export function clusterAgreement(clusters: readonly (string | number)[], classes: readonly (string | number)[]): Agreement {
  if (clusters.length !== classes.length) throw new RangeError('clusters and classes differ in length');
  const n = clusters.length;
  const byCluster = new Map<string | number, number>();
  const byClass = new Map<string | number, number>();
  const joint = new Map<string | number, Map<string | number, number>>();
  for (let i = 0; i < n; i++) {
    const u = clusters[i]!;
    const v = classes[i]!;
    byCluster.set(u, (byCluster.get(u) ?? 0) + 1);
    byClass.set(v, (byClass.get(v) ?? 0) + 1);
    let row = joint.get(u);
    if (!row) joint.set(u, (row = new Map()));
    row.set(v, (row.get(v) ?? 0) + 1);
  }
  let mi = 0;
  let pairsJoint = 0;
  let majority = 0;
  for (const [u, row] of joint) {
    let best = 0;
    for (const [v, c] of row) {
      mi += (c / n) * Math.log((c * n) / (byCluster.get(u)! * byClass.get(v)!));
      pairsJoint += choose2(c);
      best = Math.max(best, c);
    }
    majority += best;
  }
  const hu = entropy(byCluster.values(), n);
  const hv = entropy(byClass.values(), n);
  // Both single-cluster: identical partitions by convention (as scikit-learn).
  const nmi = hu + hv === 0 ? 1 : mi / ((hu + hv) / 2);
  let pairsU = 0;
  let pairsV = 0;
  for (const c of byCluster.values()) pairsU += choose2(c);
  for (const c of byClass.values()) pairsV += choose2(c);
  const expected = (pairsU * pairsV) / Math.max(1, choose2(n));
  const maxIndex = (pairsU + pairsV) / 2;
  const ari = maxIndex === expected ? 1 : (pairsJoint - expected) / (maxIndex - expected);
  return { nmi: Math.max(0, nmi), ari, purity: n ? majority / n : 0 };
}
