import { withinCreditLimit, withinCreditLimitSql } from './credit-limit';

describe('withinCreditLimit', () => {
  it.each([
    // balance, credit limit, amount, may pay
    [1_000, 0, 1_000, true],
    [1_000, 0, 1_001, false],
    [0, 0, 1, false],
    [0, 500, 500, true],
    [0, 500, 501, false],
    [-200, 500, 300, true],
    [-200, 500, 301, false],
    [-600, 500, 0, false],
  ])('balance %i with credit limit %i paying %i: %s', (balance, limit, amount, ok) => {
    expect(withinCreditLimit(balance, limit, amount)).toBe(ok);
  });

  it('has the same rule in SQL (a balance may reach minus the credit limit)', () => {
    expect(withinCreditLimitSql('a.balance', 'a.credit_limit', '$1')).toBe('(a.balance - $1 >= -a.credit_limit)');
  });
});
