import { describe, expect, it } from '@jest/globals';
import type { ValidationFailedException } from '../core/http/validation';
import { personOf } from './person';

const problems = (input: Parameters<typeof personOf>[0]) => {
  try {
    personOf(input);
    return [];
  } catch (err) {
    return (err as ValidationFailedException).details;
  }
};

describe('the person of a privacy request', () => {
  it('normalises the email and the phone the way leads do', () => {
    expect(personOf({ email: '  Jo.Bloggs@Example.COM ', phone: '+44 (0)7700-900123' })).toEqual({
      email: 'jo.bloggs@example.com',
      phone: '+447700900123',
    });
    expect(personOf({ phone: '07700 900123', email: null })).toEqual({ email: null, phone: '+447700900123' });
  });

  it('needs an email or a phone, and names what is wrong with each', () => {
    expect(problems({})).toEqual([
      { field: 'email', messages: ['email or phone is required'] },
      { field: 'phone', messages: ['email or phone is required'] },
    ]);
    expect(problems({ email: ' ', phone: '' })).toHaveLength(2);
    expect(problems({ email: 'jo@', phone: '12' })).toEqual([
      { field: 'email', messages: ['email must be an email address'] },
      { field: 'phone', messages: ['phone must be a UK phone number'] },
    ]);
  });
});
