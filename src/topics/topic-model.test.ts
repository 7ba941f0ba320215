import { describe, expect, it } from 'vitest';
import { TopicModel } from './topic-model.js';
import { dayOf, weekOf } from './weekly-series.js';

const at = { topic: 0, x: 0, y: 0 };

describe('TopicModel.weekRange', () => {
  it('is kept between requests and follows the papers put since', () => {
    const model = new TopicModel({ kind: 'embedding', modelId: 'm', dims: 2, generation: 0 }, [{ id: 't1', label: 'a', terms: ['a'], representative: 1 }], new Float32Array([1, 0]), { k: 1, coords: new Float64Array(2) }, 0);
    // Two whole weeks: Monday to Sunday each.
    for (let i = 0; i < 14; i++) model.put(i + 1, at, dayOf('2024-01-01') + i, 0);
    const first = model.weekRange();
    expect(first).toEqual({ from: weekOf('2024-01-01'), to: weekOf('2024-01-14') });
    expect(model.weekRange()).toBe(first);
    // A Monday of a new week: that week is partial, left out and named.
    model.put(15, at, dayOf('2024-01-15'), 0);
    expect(model.weekRange()).toEqual({ from: weekOf('2024-01-01'), to: weekOf('2024-01-14'), partial: { from: '2024-01-15', to: '2024-01-15' } });
    // The same paper moved to the Sunday before: whole weeks again.
    model.put(15, at, dayOf('2024-01-14'), 0);
    expect(model.weekRange()).toEqual({ from: weekOf('2024-01-01'), to: weekOf('2024-01-14') });
  });
});
