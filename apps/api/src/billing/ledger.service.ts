import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';
import { CreditAccount } from './entities/credit-account.entity';
import { LedgerEntry, type LedgerKind } from './entities/ledger-entry.entity';

export interface Movement {
  clientId: string;
  /** Positive minor units; the direction comes from the method. */
  amount: number;
  /** Unique cause: the same cause never moves money twice. */
  cause: string;
  description?: string;
  actorUserId?: string | null;
  meta?: object;
}

export type MovementResult =
  | { outcome: 'applied'; entry: LedgerEntry; account: CreditAccount }
  | { outcome: 'duplicate'; entry: LedgerEntry; account: CreditAccount }
  | { outcome: 'insufficient'; account: CreditAccount };

/** Allocates a placeholder (`$n`) for a value in the statement being built. */
export type SqlParam = (value: unknown) => string;

/** The SQL of a charge inside a caller's statement (see LedgerService.chargeSql). */
export interface ChargeSql {
  /** Two CTEs, `charge_account` (the debited account, as it is after) and `charge_entry` (the ledger row). */
  ctes: string;
}

/** Hooks run after a charge commits (auto-charge, low-balance events); registered by other modules. */
export type AfterChargeListener = (account: CreditAccount, entry: LedgerEntry) => Promise<void>;

/**
 * The only door to a client's balance. Each movement locks the client's credit account row, checks
 * its cause was not applied before, checks the limit, then writes balance and ledger row together.
 * Pass a transaction to make the movement part of a larger change.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger(LedgerService.name);
  private readonly afterCharge: AfterChargeListener[] = [];

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onAfterCharge(listener: AfterChargeListener): void {
    this.afterCharge.push(listener);
  }

  credit(
    kind: Extract<LedgerKind, 'top_up' | 'auto_charge' | 'weekly_payment' | 'refund'>,
    m: Movement,
    tx?: EntityManager,
  ): Promise<MovementResult> {
    return this.move(kind, m.amount, m, tx);
  }

  /** Charges a lead (or any debit); refuses to go below the credit limit. */
  async charge(m: Movement, tx?: EntityManager): Promise<MovementResult> {
    const result = await this.move('lead_charge', -m.amount, m, tx);
    if (result.outcome === 'applied' && !tx) await this.runAfterCharge(result.account, result.entry);
    return result;
  }

  refund(m: Movement, tx?: EntityManager): Promise<MovementResult> {
    return this.move('refund', m.amount, m, tx);
  }

  /** Admin adjustment, positive or negative (`signedAmount`). */
  adjust(signedAmount: number, m: Omit<Movement, 'amount'>, tx?: EntityManager): Promise<MovementResult> {
    return this.move('adjustment', signedAmount, { ...m, amount: Math.abs(signedAmount) }, tx);
  }

  /** For callers that charged inside their own transaction: run the after-charge hooks once it committed. */
  async runAfterCharge(account: CreditAccount, entry: LedgerEntry): Promise<void> {
    for (const listener of this.afterCharge) {
      try {
        await listener(account, entry);
      } catch (err) {
        this.logger.error({ err, clientId: account.clientId }, 'After-charge hook failed');
      }
    }
  }

  async account(clientId: string, tx: EntityManager = this.db.manager): Promise<CreditAccount> {
    await ensureAccount(tx, clientId);
    return tx.findOneOrFail(CreditAccount, { where: { clientId } });
  }

  /** The client's account row, created if need be and locked until the transaction ends. */
  async lockAccount(tx: EntityManager, clientId: string): Promise<CreditAccount> {
    const account = await tx.findOne(CreditAccount, { where: { clientId }, lock: { mode: 'pessimistic_write' } });
    if (account) return account;
    await ensureAccount(tx, clientId);
    return tx.findOneOrFail(CreditAccount, { where: { clientId }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * A lead charge written by the caller's own statement, so a delivery, its charge and its events
   * take one round trip. For callers that hold the account lock (lockAccount) and have checked, in
   * that statement, that the balance allows it: the debit still carries the guard (never below the
   * credit limit) and happens only when `when` (a CTE of the statement) has a row. The cause must be
   * new (a fresh delivery id); its unique index is the backstop. Read the result with `charged`,
   * and run `runAfterCharge` once the transaction has committed.
   */
  chargeSql(param: SqlParam, m: Movement, when: string): ChargeSql {
    if (!Number.isSafeInteger(m.amount) || m.amount <= 0)
      throw new Error(`A ledger movement needs a positive whole amount (got ${m.amount})`);
    const amount = param(m.amount);
    return {
      ctes: `charge_account AS (
        UPDATE credit_accounts a SET balance = a.balance - ${amount}::bigint, updated_at = now()
        WHERE a.client_id = ${param(m.clientId)}::uuid AND a.balance - ${amount}::bigint >= -a.credit_limit AND EXISTS (SELECT 1 FROM ${when})
        RETURNING a.*
      ),
      charge_entry AS (
        INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause, description, actor_user_id, meta)
        SELECT client_id, 'lead_charge', -${amount}::bigint, balance, currency, ${param(m.cause)}, ${param(m.description ?? null)}, ${param(m.actorUserId ?? null)}::uuid, ${param(m.meta ? JSON.stringify(m.meta) : null)}::jsonb
        FROM charge_account
        RETURNING *
      )`,
    };
  }

  /** The account and ledger row of a charge made with chargeSql, from `row_to_json` of its two CTEs (null when it did not happen). */
  charged(
    account: Record<string, unknown> | null,
    entry: Record<string, unknown> | null,
  ): { account: CreditAccount; entry: LedgerEntry } | null {
    if (!account || !entry) return null;
    return { account: fromJsonRow(this.db, CreditAccount, account), entry: fromJsonRow(this.db, LedgerEntry, entry) };
  }

  private move(kind: LedgerKind, signed: number, m: Movement, tx?: EntityManager): Promise<MovementResult> {
    if (!Number.isSafeInteger(m.amount) || m.amount <= 0)
      throw new Error(`A ledger movement needs a positive whole amount (got ${m.amount})`);
    const run = async (em: EntityManager): Promise<MovementResult> => {
      const account = await this.lockAccount(em, m.clientId);
      const existing = await em.findOne(LedgerEntry, { where: { cause: m.cause } });
      if (existing) return { outcome: 'duplicate', entry: existing, account };
      const balanceAfter = account.balance + signed;
      if (signed < 0 && balanceAfter < -account.creditLimit) return { outcome: 'insufficient', account };
      await em.query('UPDATE credit_accounts SET balance = $2, updated_at = now() WHERE client_id = $1', [m.clientId, balanceAfter]);
      const entry = em.create(LedgerEntry, {
        clientId: m.clientId,
        kind,
        amount: signed,
        balanceAfter,
        currency: account.currency,
        cause: m.cause,
        description: m.description ?? null,
        actorUserId: m.actorUserId ?? null,
      });
      entry.meta = m.meta ?? null;
      await em.insert(LedgerEntry, entry);
      return { outcome: 'applied', entry, account: { ...account, balance: balanceAfter } };
    };
    return tx ? run(tx) : this.db.transaction(run);
  }
}

/** An entity from a `row_to_json` of its table: columns by database name, through the column's transformer; times as Dates. */
export function fromJsonRow<T extends object>(db: DataSource, target: new () => T, row: Record<string, unknown>): T {
  const entity = new target();
  for (const column of db.getMetadata(target).columns) {
    let value = row[column.databaseName];
    if (value === undefined) continue;
    if (value !== null && (column.type === 'timestamptz' || column.type === 'timestamp' || column.type === Date))
      value = new Date(value as string);
    if (column.transformer && value !== null) value = ApplyValueTransformers.transformFrom(column.transformer, value);
    (entity as Record<string, unknown>)[column.propertyName] = value;
  }
  return entity;
}

/** Accounts are created on first use. */
async function ensureAccount(tx: EntityManager, clientId: string): Promise<void> {
  await tx.query('INSERT INTO credit_accounts (client_id) VALUES ($1) ON CONFLICT (client_id) DO NOTHING', [clientId]);
}
