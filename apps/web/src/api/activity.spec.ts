import { describe, expect, it } from '@jest/globals';
import { actionText, describeChanges } from './activity';

describe('the activity log in words', () => {
  it("names a text alert number's settings as texts, not as the emails of the same name", () => {
    expect(actionText('sms_number.updated')).toBe('Changed the text alerts of a mobile number');
    const changes = describeChanges({ numberId: 'n1', lowBalance: true }, { numberId: 'n1', lowBalance: false }, 'sms_number.updated');
    expect(changes).toEqual([{ key: 'lowBalance', label: 'low balance texts', kind: 'value', from: 'yes', to: 'no' }]);
    expect(describeChanges({ lowBalance: true }, { lowBalance: false })[0]?.label).toBe('low balance emails');
  });
});
