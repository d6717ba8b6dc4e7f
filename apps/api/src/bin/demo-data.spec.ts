import { describe, expect, it } from '@jest/globals';
import { generateLeads, type Industry as SandboxIndustry } from '../../../sandbox/src/leadbyte/lead-generator';
import { mapLeadbyteFields, selectOption, validateLeadFields } from '../leads';
import { DEMO_INDUSTRIES } from './demo-data';

const SANDBOX_OF: Record<string, SandboxIndustry> = { 'Solar panels': 'solar', Boilers: 'boilers', Conveyancing: 'conveyancing' };

describe('the demo industries and the sandbox’s LeadByte', () => {
  it.each(DEMO_INDUSTRIES.map((i) => [i.name, i] as const))('%s takes every lead the sandbox makes for it', (_name, industry) => {
    const leads = generateLeads({ industry: SANDBOX_OF[industry.name]!, count: 300, seed: 'demo-agrees' });
    expect(leads).toHaveLength(300);
    for (const lead of leads) {
      const { input, name } = mapLeadbyteFields(industry.leadColumns, lead as unknown as Record<string, unknown>);
      expect(validateLeadFields(industry.leadColumns, input, name).problems).toEqual([]);
    }
  });
});

describe('select values, matched forgivingly', () => {
  const roof = { options: ['pitched', 'flat', 'mixed'], aliases: { pitched: ['Pitched - tiles'], mixed: ['Mixed pitched and flat'] } };

  it.each([
    ['pitched', 'pitched'],
    ['PITCHED', 'pitched'],
    ['  Flat ', 'flat'],
    ['Pitched - tiles', 'pitched'],
    ['pitched   tiles', 'pitched'],
    ['pitched_tiles', 'pitched'],
    ['mixed pitched and flat', 'mixed'],
  ])('%j is %j', (text, option) => expect(selectOption(roof, text)).toBe(option));

  it.each(['thatched', 'pitch', ''])('%j is none of them', (text) => expect(selectOption(roof, text)).toBeUndefined());
});
