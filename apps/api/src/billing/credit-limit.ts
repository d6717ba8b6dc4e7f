/**
 * The credit-limit rule, the one every path that takes money from a balance obeys: a balance may go
 * down to minus the account's credit limit, never below. In TypeScript for the ORM path and in SQL
 * for the single-statement lead charge; credit-limit.spec.ts checks both give the same answers.
 */
export function withinCreditLimit(balance: number, creditLimit: number, amount: number): boolean {
  return balance - amount >= -creditLimit;
}

/** The same rule over SQL expressions (columns, placeholders). */
export function withinCreditLimitSql(balance: string, creditLimit: string, amount: string): string {
  return `(${balance} - ${amount} >= -${creditLimit})`;
}
