import { describe, expect, it } from 'vitest';
import { clusterAgreement } from './cluster-agreement.js';

describe('clusterAgreement', () => {
  it('scores identical partitions (renamed) 1', () => {
    expect(clusterAgreement([0, 0, 1, 1, 2], ['a', 'a', 'b', 'b', 'c'])).toEqual({ nmi: 1, ari: 1, purity: 1 });
  });

  it('scores independent partitions 0 NMI and negative ARI', () => {
    // clusters {0,1},{2,3}; classes {0,2},{1,3}: no information. ARI: joint pairs 0, each side 2
    // pairs, expected 2·2/6 = 2/3, so (0 − 2/3) / (2 − 2/3) = −0.5. Purity: 2 of 4.
    const r = clusterAgreement([0, 0, 1, 1], ['a', 'b', 'a', 'b']);
    expect(r.nmi).toBeCloseTo(0, 12);
    expect(r.ari).toBeCloseTo(-0.5, 12);
    expect(r.purity).toBe(0.5);
  });

  it('matches a hand computation on a partial match', () => {
    // clusters {1,2,3},{4,5,6}; classes a = {1,2}, b = {3,4,5,6}.
    // H(U) = ln 2 = 0.693147; H(V) = −(1/3 ln 1/3 + 2/3 ln 2/3) = 0.636514;
    // MI = 2/6 ln(2·6/(3·2)) + 1/6 ln(1·6/(3·4)) + 3/6 ln(3·6/(3·4)) = 0.318257;
    // NMI = MI / ((H(U) + H(V)) / 2) = 0.478704. Purity (2 + 3) / 6.
    // ARI: joint pairs C(2,2)+C(3,2) = 4; U pairs 3+3 = 6; V pairs 1+6 = 7; expected 6·7/15 = 2.8;
    // max (6 + 7)/2 = 6.5; ARI = (4 − 2.8) / (6.5 − 2.8) = 0.324324.
    const r = clusterAgreement([0, 0, 0, 1, 1, 1], ['a', 'a', 'b', 'b', 'b', 'b']);
    expect(r.nmi).toBeCloseTo(0.478704, 5);
    expect(r.purity).toBeCloseTo(5 / 6, 12);
    expect(r.ari).toBeCloseTo(0.324324, 5);
  });

  it('refuses lists of different lengths', () => {
    expect(() => clusterAgreement([0], [])).toThrow(RangeError);
  });
});
