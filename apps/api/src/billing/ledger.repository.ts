import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { countedPageMeta, type PageMetaDto } from '../core/http/pagination';
import { fromJsonRow, sqlOf, sqlPart, type SqlParam, type SqlPart } from '../core/database/sql';
import { managerOf, type Tx } from '../core/database/transactions';
import { withinCreditLimit, withinCreditLimitSql } from './credit-limit';
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

/** What an account's owner or an admin may set; the balance moves only through `move`/`chargeStep`. */
export type AccountSettings = Partial<
  Pick<
    CreditAccount,
    | 'autoChargeEnabled'
    | 'autoChargeThreshold'
    | 'autoChargeAmount'
    | 'autoChargeFailures'
    | 'autoChargeRetryAfter'
    | 'autoChargeDisabledReason'
    | 'weeklyTerms'
    | 'creditLimit'
  >
>;

export interface LedgerFilter {
  kind?: string;
  from?: string;
  to?: string;
}

/** A ledger row as the export reads it. */
export interface LedgerExportRow {
  createdAt: Date;
  kind: string;
  amount: number;
  balanceAfter: number;
  currency: string;
  description: string | null;
  cause: string;
}

export type MovementResult =
  | { outcome: 'applied'; entry: LedgerEntry; account: CreditAccount }
  | { outcome: 'duplicate'; entry: LedgerEntry; account: CreditAccount }
  | { outcome: 'insufficient'; account: CreditAccount };

/** The lead charge as steps of another repository's single statement (see LedgerRepository.chargeStep). */
export interface ChargeStep {
  /** CTEs: the guarded debit and its ledger row; they run only when the statement's `when` CTE has a row. */
  ctes: SqlPart;
  /** Select-list items (`, … AS account, … AS entry`) that return what was charged; read them with `charged`. */
  outputs: SqlPart;
}

/**
 * credit_accounts and ledger_entries: the only code that writes a balance. Every movement writes the
 * balance and its ledger row together, in one transaction, under the account's row lock (or a guarded
 * single statement), and obeys `withinCreditLimit`.
 */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Applies a movement in the caller's transaction, or in one of its own. */
  move(kind: LedgerKind, signed: number, m: Movement, tx?: Tx): Promise<MovementResult> {
    if (!Number.isSafeInteger(m.amount) || m.amount <= 0)
      throw new Error(`A ledger movement needs a positive whole amount (got ${m.amount})`);
    const run = async (em: EntityManager): Promise<MovementResult> => {
      const account = await this.lock(em, m.clientId);
      const existing = await em.findOne(LedgerEntry, { where: { cause: m.cause } });
      if (existing) return { outcome: 'duplicate', entry: existing, account };
      if (signed < 0 && !withinCreditLimit(account.balance, account.creditLimit, -signed)) return { outcome: 'insufficient', account };
      const balanceAfter = account.balance + signed;
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
    return tx ? run(managerOf(this.db, tx)) : this.db.transaction(run);
  }

  /** The client's account, created on first use. */
  async account(clientId: string, tx?: Tx): Promise<CreditAccount> {
    const em = managerOf(this.db, tx);
    await ensureAccount(em, clientId);
    return em.findOneOrFail(CreditAccount, { where: { clientId } });
  }

  /** The client's account row, created if need be and locked until the transaction ends. */
  lockAccount(tx: Tx, clientId: string): Promise<CreditAccount> {
    return this.lock(managerOf(this.db, tx), clientId);
  }

  /** The account's settings (auto-charge, weekly terms, credit limit): never its balance. */
  async updateSettings(tx: Tx | undefined, clientId: string, patch: AccountSettings): Promise<void> {
    await managerOf(this.db, tx).update(CreditAccount, { clientId }, patch);
  }

  accountsOnWeeklyTerms(): Promise<CreditAccount[]> {
    return this.db.manager.find(CreditAccount, { where: { weeklyTerms: true } });
  }

  /**
   * A page of the client's ledger, newest first, and its meta: the filtered total, counted exactly up
   * to COUNT_EXACTLY_UP_TO (a busy account's ledger has a row per lead).
   */
  async entries(clientId: string, f: LedgerFilter, page: number, pageSize: number): Promise<{ rows: LedgerEntry[]; meta: PageMetaDto }> {
    const params: unknown[] = [clientId];
    const where = ['client_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.kind) add('kind = ?', f.kind);
    if (f.from) add('created_at >= ?', f.from);
    if (f.to) add('created_at < ?', f.to);
    const meta = await countedPageMeta(
      (sql, p) => this.db.query(sql, p),
      `FROM ledger_entries WHERE ${where.join(' AND ')}`,
      params,
      page,
      pageSize,
    );
    const qb = this.db.manager
      .createQueryBuilder(LedgerEntry, 'e')
      .where('e.client_id = :clientId', { clientId })
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'DESC');
    if (f.kind) qb.andWhere('e.kind = :kind', { kind: f.kind });
    if (f.from) qb.andWhere('e.created_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('e.created_at < :to', { to: f.to });
    return {
      rows: await qb
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getMany(),
      meta,
    };
  }

  /**
   * The whole filtered ledger, newest first, `size` rows at a time (however long: no cap). Each
   * batch starts after the last one's (created_at, id), read as text so no microsecond is lost.
   */
  async *exportBatches(clientId: string, f: LedgerFilter, size = 1_000): AsyncGenerator<LedgerExportRow[]> {
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const params: unknown[] = [clientId, f.kind ?? null, f.from ?? null, f.to ?? null, after?.at ?? null, after?.id ?? null];
      const rows = (await this.db.query(
        `SELECT id, created_at, created_at::text AS at, kind, amount, balance_after, currency, description, cause
           FROM ledger_entries
          WHERE client_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::timestamptz IS NULL OR created_at >= $3)
            AND ($4::timestamptz IS NULL OR created_at < $4) AND ($5::timestamptz IS NULL OR (created_at, id) < ($5::timestamptz, $6::uuid))
          ORDER BY created_at DESC, id DESC
          LIMIT ${size}`,
        params,
      )) as Array<{
        id: string;
        created_at: Date;
        at: string;
        kind: string;
        amount: number | string;
        balance_after: number | string;
        currency: string;
        description: string | null;
        cause: string;
      }>;
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        createdAt: r.created_at,
        kind: r.kind,
        amount: Number(r.amount),
        balanceAfter: Number(r.balance_after),
        currency: r.currency,
        description: r.description,
        cause: r.cause,
      }));
      if (rows.length < size) return;
      const last = rows[rows.length - 1]!;
      after = { at: last.at, id: last.id };
    }
  }

  entry(id: string): Promise<LedgerEntry> {
    return this.db.manager.findOneOrFail(LedgerEntry, { where: { id } });
  }

  /** Refunds with no Xero credit note yet (made more than `olderThanMs` ago, when given). */
  async refundsWithoutCreditNote(olderThanMs?: number, limit?: number): Promise<string[]> {
    const rows: Array<{ id: string }> =
      olderThanMs === undefined
        ? await this.db.query(`SELECT id FROM ledger_entries WHERE kind = 'refund' AND (meta IS NULL OR NOT meta ? 'xeroCreditNoteId')`)
        : await this.db.query(
            `SELECT id FROM ledger_entries WHERE kind = 'refund' AND (meta IS NULL OR NOT meta ? 'xeroCreditNoteId') AND created_at < now() - $1::interval ORDER BY created_at LIMIT $2`,
            [`${olderThanMs} milliseconds`, limit ?? 100],
          );
    return rows.map((r) => r.id);
  }

  /** Notes the Xero credit note made for a refund entry (its meta; the amounts never change). */
  async linkXeroCreditNote(entryId: string, creditNoteId: string): Promise<void> {
    await this.db.query(
      `UPDATE ledger_entries SET meta = COALESCE(meta, '{}'::jsonb) || jsonb_build_object('xeroCreditNoteId', $2::text) WHERE id = $1`,
      [entryId, creditNoteId],
    );
  }

  /**
   * Erasure: a lead charge's description names the lead's full postcode (`Lead: Solar panels (SW1A
   * 1AA)`); it keeps only the district. Amounts, balances and causes are not touched.
   */
  async eraseChargePostcodes(tx: Tx, deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await managerOf(this.db, tx).query(
      `UPDATE ledger_entries SET description = regexp_replace(description, '\\(([A-Z]{1,2}[0-9][A-Z0-9]?) [0-9][A-Z]{2}\\)$', '(\\1)')
        WHERE cause = ANY($1::text[]) AND description ~ '\\([A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\\)$'`,
      [deliveryIds.map((id) => `delivery:${id}`)],
    );
  }

  /**
   * Lead and usage (text alert) charges and their refunds (not payment refunds) in a period of local
   * days, per kind, industry (leads) or usage channel, and unit price.
   */
  chargesByPrice(
    clientId: string,
    period: { start: string; end: string },
    timeZone: string,
  ): Promise<Array<{ kind: string; industry: string | null; usage: string | null; unit: string; n: string; total: string }>> {
    return this.db.query(
      `SELECT kind, meta->>'industryName' AS industry, meta->>'usage' AS usage, abs(amount) AS unit, count(*) AS n, sum(amount) AS total
         FROM ledger_entries
        WHERE client_id = $1 AND kind IN ('lead_charge', 'usage_charge', 'refund') AND cause NOT LIKE 'payment:%'
          AND created_at >= ($2::date::timestamp AT TIME ZONE $4) AND created_at < (($3::date + 1)::timestamp AT TIME ZONE $4)
        GROUP BY kind, industry, usage, unit ORDER BY kind, industry, usage, unit`,
      [clientId, period.start, period.end, timeZone],
    );
  }

  async balancesAndLedgerSums(): Promise<Array<{ clientId: string; balance: number; ledgerSum: number }>> {
    const rows: Array<{ client_id: string; balance: string; ledger_sum: string }> = await this.db.query(
      `SELECT a.client_id, a.balance, COALESCE((SELECT sum(amount) FROM ledger_entries e WHERE e.client_id = a.client_id), 0) AS ledger_sum FROM credit_accounts a`,
    );
    return rows.map((r) => ({ clientId: r.client_id, balance: Number(r.balance), ledgerSum: Number(r.ledger_sum) }));
  }

  /**
   * The account-creating lock of a single-statement charge, as SQL sent before it in the same message:
   * ON CONFLICT DO UPDATE locks the existing row even when its WHERE lets nothing be updated.
   * `clientId` is an SQL literal of the id.
   */
  lockStatement(clientId: string): SqlPart {
    return sqlPart(
      `INSERT INTO credit_accounts (client_id) VALUES (${clientId}::uuid) ON CONFLICT (client_id) DO UPDATE SET client_id = excluded.client_id WHERE false`,
    );
  }

  /**
   * A condition, true when the account cannot pay `amount` (withinCreditLimit) on top of `held` (an
   * amount the composing statement already promised, e.g. reserved by pings); for a statement that
   * holds the account's lock.
   */
  cannotPay(p: SqlParam, clientId: string, amount: number, held?: SqlPart): SqlPart {
    const total = held ? `(${p(amount)}::bigint + ${sqlOf(held)})` : `${p(amount)}::bigint`;
    return sqlPart(
      `(SELECT NOT ${withinCreditLimitSql('balance', 'credit_limit', total)} FROM credit_accounts WHERE client_id = ${p(clientId)}::uuid)`,
    );
  }

  /**
   * A lead charge as steps of another repository's statement, so a delivery, its charge and its
   * events take one round trip. For a statement that holds the account lock (lockStatement) and has
   * checked `cannotPay`: the debit still carries the guard (withinCreditLimit) and happens only when
   * `when` (a CTE of that statement) has a row. The cause must be new (a fresh delivery id); its
   * unique index is the backstop. Run the after-charge hooks once the transaction has committed.
   */
  chargeStep(p: SqlParam, m: Movement, when: string): ChargeStep {
    if (!Number.isSafeInteger(m.amount) || m.amount <= 0)
      throw new Error(`A ledger movement needs a positive whole amount (got ${m.amount})`);
    const amount = `${p(m.amount)}::bigint`;
    return {
      ctes: sqlPart(`charge_account AS (
        UPDATE credit_accounts a SET balance = a.balance - ${amount}, updated_at = now()
        WHERE a.client_id = ${p(m.clientId)}::uuid AND ${withinCreditLimitSql('a.balance', 'a.credit_limit', amount)} AND EXISTS (SELECT 1 FROM ${when})
        RETURNING a.*
      ),
      charge_entry AS (
        INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause, description, actor_user_id, meta)
        SELECT client_id, 'lead_charge', -${amount}, balance, currency, ${p(m.cause)}, ${p(m.description ?? null)}, ${p(m.actorUserId ?? null)}::uuid, ${p(m.meta ? JSON.stringify(m.meta) : null)}::jsonb
        FROM charge_account
        RETURNING *
      )`),
      outputs: sqlPart(', (SELECT row_to_json(x) FROM charge_account x) AS account, (SELECT row_to_json(x) FROM charge_entry x) AS entry'),
    };
  }

  /** Whether the statement's debit happened: a CTE of chargeStep that the delivery's write waits on. */
  chargeMade(): SqlPart {
    return sqlPart('EXISTS (SELECT 1 FROM charge_entry)');
  }

  /** The account and ledger row of a charge made with chargeStep, from its `outputs` (null when it did not happen). */
  charged(row: { account?: unknown; entry?: unknown }): { account: CreditAccount; entry: LedgerEntry } | null {
    const { account, entry } = row as { account?: Record<string, unknown> | null; entry?: Record<string, unknown> | null };
    if (!account || !entry) return null;
    return { account: fromJsonRow(this.db, CreditAccount, account), entry: fromJsonRow(this.db, LedgerEntry, entry) };
  }

  private async lock(em: EntityManager, clientId: string): Promise<CreditAccount> {
    const account = await em.findOne(CreditAccount, { where: { clientId }, lock: { mode: 'pessimistic_write' } });
    if (account) return account;
    await ensureAccount(em, clientId);
    return em.findOneOrFail(CreditAccount, { where: { clientId }, lock: { mode: 'pessimistic_write' } });
  }
}

async function ensureAccount(em: EntityManager, clientId: string): Promise<void> {
  await em.query('INSERT INTO credit_accounts (client_id) VALUES ($1) ON CONFLICT (client_id) DO NOTHING', [clientId]);
}
