import express, { type Response, type Router } from 'express';
import { isOperation, OPERATIONS, type Operation } from './operations';

/**
 * Where a delayed call is held:
 * - `before`: the request has arrived but nothing is done yet. If the caller hangs up while it is
 *   held, the call is dropped (it never happens), like a request lost on its way in.
 * - `after`: the call has been carried out (the PaymentIntent or invoice exists) and only the answer
 *   is held. If the caller hangs up, the answer is lost: the provider did the work, the caller never heard.
 */
export type DelayPhase = 'before' | 'after';
export const DELAY_PHASES: readonly DelayPhase[] = ['before', 'after'];

export interface DelayRule {
  operation: Operation;
  phase: DelayPhase;
  remaining: number;
  ms: number;
}

export interface HeldCall {
  id: number;
  operation: Operation;
  phase: DelayPhase;
  since: string;
}

interface Holding extends HeldCall {
  release: () => void;
}

/** "Hold the next N calls of operation X for D ms": for stopping a caller mid-call at a known point. */
export class DelayInjector {
  private rules: DelayRule[] = [];
  private readonly holding = new Map<number, Holding>();
  private seq = 0;

  add(rule: DelayRule): void {
    this.rules.push(rule);
  }

  list(): DelayRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Calls held right now, oldest first. */
  held(): HeldCall[] {
    return [...this.holding.values()].map(({ id, operation, phase, since }) => ({ id, operation, phase, since }));
  }

  /** Forgets every rule and lets every held call go on at once. */
  clear(): void {
    this.rules = [];
    for (const h of [...this.holding.values()]) h.release();
  }

  /**
   * Holds the call if a rule is armed for it, until the delay ends, the caller hangs up or the
   * rules are cleared. Resolves true when the caller is still there to be answered.
   */
  async hold(operation: Operation, phase: DelayPhase, res: Response): Promise<boolean> {
    const rule = this.rules.find((r) => r.operation === operation && r.phase === phase && r.remaining > 0);
    if (!rule) return true;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    const gone = (): boolean => res.destroyed || res.socket === null || res.socket.destroyed;
    if (gone()) return false;
    const id = (this.seq += 1);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        res.off('close', done);
        this.holding.delete(id);
        resolve();
      };
      const timer = setTimeout(done, rule.ms);
      res.on('close', done);
      this.holding.set(id, { id, operation, phase, since: new Date().toISOString(), release: done });
    });
    return !gone();
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `/_sandbox/delay`: arm, list (with the calls held now) and clear delays. */
export function delayControlRouter(delays: DelayInjector): Router {
  const router = express.Router();
  const bad = (res: Response, message: string): void => void res.status(400).json({ error: message });

  router.post('/', (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body)) return bad(res, 'expected a JSON object');
    if (!isOperation(body.operation)) return bad(res, `unknown operation; one of: ${OPERATIONS.join(', ')}`);
    const phase = body.phase ?? 'before';
    if (phase !== 'before' && phase !== 'after') return bad(res, "phase must be 'before' or 'after'");
    const count = body.count === undefined ? 1 : Number(body.count);
    if (!Number.isInteger(count) || count < 1) return bad(res, 'count must be a positive integer');
    const ms = body.ms === undefined ? 30_000 : Number(body.ms);
    if (!Number.isFinite(ms) || ms < 0 || ms > 600_000) return bad(res, 'ms must be between 0 and 600000');
    delays.add({ operation: body.operation, phase, remaining: count, ms });
    res.status(201).json({ armed: delays.list(), held: delays.held() });
  });

  router.get('/', (_req, res) => {
    res.json({ armed: delays.list(), held: delays.held() });
  });

  router.delete('/', (_req, res) => {
    delays.clear();
    res.json({ armed: [], held: [] });
  });

  return router;
}
