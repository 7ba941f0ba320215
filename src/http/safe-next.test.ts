import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.js';

/** Where a browser on https://papers.example would go for a Location header. */
const resolved = (location: string) => new URL(location, 'https://papers.example/somewhere').origin;

describe('safeNext', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNext('/day/2024-05-01')).toBe('/day/2024-05-01');
    expect(safeNext('/search?q=a+b&mode=lexical#r3')).toBe('/search?q=a+b&mode=lexical#r3');
    // Normalised and percent-encoded by the URL parser: always a valid header value.
    expect(safeNext('/a/../b c?é')).toBe('/b%20c?%C3%A9');
  });

  it('sends everything that could leave the site (or is no path) to /', () => {
    const hostile = [
      undefined,
      '',
      'day/2024-05-01',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/\u0000/evil.example',
      '/a\nb',
      '/..//evil.example',
      '/./%2e%2e//evil.example',
      'javascript:alert(1)',
      '/\u007f/evil.example',
    ];
    for (const next of hostile) expect(safeNext(next), JSON.stringify(next)).toBe('/');
  });

  it('never answers something a browser resolves off-site, for any prefix and any of these characters', () => {
    const bits = ['/', '\\', '\t', '\n', '.', '..', '%2f', '%5c', '%09', 'evil.example', '@', ':', '?', '#', ' '];
    for (const a of bits) for (const b of bits) for (const c of bits) {
      const next = `/${a}${b}${c}evil.example`;
      const out = safeNext(next);
      expect(resolved(out), JSON.stringify(next)).toBe('https://papers.example');
      expect(out, JSON.stringify(next)).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    }
  });
});
