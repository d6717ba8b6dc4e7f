import type { Response } from 'express';
import type { Operation } from './operations';

export interface InjectedError {
  status?: number;
  type?: string;
  code?: string;
  message?: string;
}

export interface FailureRule {
  operation: Operation;
  remaining: number;
  mode: 'error' | 'timeout';
  error: InjectedError;
  /** How long a `timeout` failure holds the request before dropping the connection. */
  timeoutMs: number;
}

export type FailureRenderer = (res: Response, error: InjectedError) => void;

/** "Fail the next N calls of operation X" — consumed atomically, one call at a time. */
export class FailureInjector {
  private rules: FailureRule[] = [];
  private readonly hanging = new Set<NodeJS.Timeout>();

  add(rule: FailureRule): void {
    this.rules.push(rule);
  }

  list(): FailureRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  take(operation: Operation): FailureRule | undefined {
    const rule = this.rules.find((r) => r.operation === operation && r.remaining > 0);
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }

  /**
   * If a rule is armed for `operation`, answer (or hang) the request and return true.
   * Timeouts hold the socket open and then destroy it without a response.
   */
  intercept(operation: Operation, res: Response, render: FailureRenderer): boolean {
    const rule = this.take(operation);
    if (!rule) return false;
    if (rule.mode === 'timeout') {
      const timer = setTimeout(() => {
        this.hanging.delete(timer);
        res.socket?.destroy();
      }, rule.timeoutMs);
      this.hanging.add(timer);
      res.locals.injectedFailure = 'timeout';
      return true;
    }
    res.locals.injectedFailure = 'error';
    render(res, rule.error);
    return true;
  }

  dispose(): void {
    for (const t of this.hanging) clearTimeout(t);
    this.hanging.clear();
  }
}
