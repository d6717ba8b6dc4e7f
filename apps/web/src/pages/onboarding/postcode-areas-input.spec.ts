import { describe, expect, it } from '@jest/globals';
import { addAreas, areaProblem, parsePostcodeAreas } from './postcode-areas-input';

describe('postcode area chips', () => {
  it('reads areas, districts and sectors', () => {
    expect(parsePostcodeAreas('sw1a, M1 b33 8')).toEqual(['SW1A', 'M1', 'B33 8']);
    expect(addAreas([], 'SW, M1, B33 8').areas).toEqual(['SW', 'M1', 'B33 8']);
  });

  it('keeps a full postcode together and says which part to add', () => {
    expect(parsePostcodeAreas('ZZ9 9ZZZ')).toEqual(['ZZ9 9ZZZ']);
    expect(areaProblem('M1 1AE')).toBe('M1 1AE is a full postcode. Add its district (M1) or its sector (M1 1) instead.');
  });

  it('refuses junk, naming it, and leaves it out of the chips', () => {
    const { areas, rejected, problems } = addAreas(['M1'], 'hello, LS1, ZZ9 9ZZZ');
    expect(areas).toEqual(['M1', 'LS1']);
    expect(rejected).toEqual(['HELLO', 'ZZ9 9ZZZ']);
    expect(problems).toEqual([
      "HELLO isn't a postcode area, district or sector. Try something like SW, M1 or B33 8.",
      "ZZ9 9ZZZ isn't a postcode area, district or sector. Try something like SW, M1 or B33 8.",
    ]);
  });
});
