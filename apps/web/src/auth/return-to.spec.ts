import { describe, expect, it } from '@jest/globals';
import { loginPathFor, returnPath } from './return-to';

describe('return after log in', () => {
  it('remembers the page asked for, and goes back only to a path of this app', () => {
    const asked = loginPathFor({ pathname: '/billing', search: '?payment=abc', hash: '' });
    expect(asked).toBe('/login?next=%2Fbilling%3Fpayment%3Dabc');
    expect(returnPath(asked.slice('/login'.length))).toBe('/billing?payment=abc');
    expect(loginPathFor({ pathname: '/', search: '', hash: '' })).toBe('/login');
    for (const evil of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '/login?next=/x', ''])
      expect(returnPath(`?next=${encodeURIComponent(evil)}`)).toBe('/');
  });
});
