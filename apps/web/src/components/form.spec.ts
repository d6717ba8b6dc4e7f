import { describe, expect, it } from '@jest/globals';
import { besideField, toFormErrors } from './form';

describe('field errors speak like a person', () => {
  it('drops the field name the API put first (the label is right above) and reads as a sentence', () => {
    expect(besideField('dailyCap', 'dailyCap must be at least 1')).toBe('Must be at least 1.');
    expect(besideField('industryId', 'industryId must be one of the industries on offer')).toBe('Must be one of the industries on offer.');
    expect(besideField('leadColumns.0.key', 'key must be snake_case')).toBe('Must be snake_case.');
    expect(besideField('email', 'Enter a valid email address.')).toBe('Enter a valid email address.');
  });

  it('puts the messages of labelled fields under them, and the rest in the message', () => {
    const errors = toFormErrors(
      { kind: 'api', status: 400, message: 'x', fields: { dailyCap: ['dailyCap must be at least 1'], other: ['other is wrong'] } },
      { dailyCap: 'Daily cap' },
    );
    expect(errors).toEqual({ fields: { dailyCap: ['Must be at least 1.'] }, message: 'other is wrong' });
  });
});
