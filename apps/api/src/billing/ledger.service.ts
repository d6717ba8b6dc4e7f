import { Injectable, Logger } from '@nestjs/common';
import type { Tx } from '../core/database/transactions';
import type { CreditAccount } from './entities/credit-account.entity';
import type { LedgerEntry, LedgerKind } from './entities/ledger-entry.entity';
import { LedgerRepository, type Movement, type MovementResult } from './ledger.repository';

export type { ChargeStep, Movement, MovementResult } from './ledger.repository';

/** Hooks run after a charge commits (auto-charge, low-balance events); registered by other modules. */
export type AfterChargeListener = (account: CreditAccount, entry: LedgerEntry) => Promise<void>;

/** Hooks run when a lead was refused because the client could not pay for it (`price`, minor units). */
export type CreditRefusedListener = (clientId: string, price: number) => Promise<void>;

/**
 * The only door to a client's balance. Each movement locks the client's credit account row, checks
 * its cause was not applied before, checks the credit limit, then writes balance and ledger row
 * together (LedgerRepository). Pass a transaction to make the movement part of a larger change.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger(LedgerService.name);
  private readonly afterCharge: AfterChargeListener[] = [];
  private readonly creditRefused: CreditRefusedListener[] = [];

  constructor(private readonly ledger: LedgerRepository) {}

  onAfterCharge(listener: AfterChargeListener): void {
    this.afterCharge.push(listener);
  }

  onCreditRefused(listener: CreditRefusedListener): void {
    this.creditRefused.push(listener);
  }

  /** After a charge was refused for credit (and its statement committed): run the credit-refused hooks. */
  async runCreditRefused(clientId: string, price: number): Promise<void> {
    for (const listener of this.creditRefused) {
      try {
        await listener(clientId, price);
      } catch (err) {
        this.logger.error({ err, clientId }, 'Credit-refused hook failed');
      }
    }
  }

  credit(kind: Extract<LedgerKind, 'top_up' | 'auto_charge' | 'weekly_payment' | 'refund'>, m: Movement, tx?: Tx): Promise<MovementResult> {
    return this.ledger.move(kind, m.amount, m, tx);
  }

  /** Charges a lead (or any debit); refuses to go below the credit limit. */
  async charge(m: Movement, tx?: Tx): Promise<MovementResult> {
    const result = await this.ledger.move('lead_charge', -m.amount, m, tx);
    if (result.outcome === 'applied' && !tx) await this.runAfterCharge(result.account, result.entry);
    return result;
  }

  /** Charges usage (a text message): like a lead charge, never past the credit limit, but its own kind. */
  chargeUsage(m: Movement, tx: Tx): Promise<MovementResult> {
    return this.ledger.move('usage_charge', -m.amount, m, tx);
  }

  refund(m: Movement, tx?: Tx): Promise<MovementResult> {
    return this.ledger.move('refund', m.amount, m, tx);
  }

  /** Admin adjustment, positive or negative (`signedAmount`). */
  adjust(signedAmount: number, m: Omit<Movement, 'amount'>, tx?: Tx): Promise<MovementResult> {
    return this.ledger.move('adjustment', signedAmount, { ...m, amount: Math.abs(signedAmount) }, tx);
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

  account(clientId: string, tx?: Tx): Promise<CreditAccount> {
    return this.ledger.account(clientId, tx);
  }

  /** The client's account row, created if need be and locked until the transaction ends. */
  lockAccount(tx: Tx, clientId: string): Promise<CreditAccount> {
    return this.ledger.lockAccount(tx, clientId);
  }
}
