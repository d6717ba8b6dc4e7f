/**
 * Work the emulator does after answering (status steps, webhooks): tracked so a test can wait for it
 * all to settle, and sleeps that `stop()` cuts short so a reset or close leaves no timer behind.
 */
export class Background {
  private readonly work = new Set<Promise<unknown>>();
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();
  /** Bumped by `stop()`: work started before it checks this and gives up. */
  epoch = 0;

  track(promise: Promise<unknown>): void {
    this.work.add(promise);
    const done = (): void => void this.work.delete(promise);
    void promise.then(done, done);
  }

  /** Sleeps `ms`; `onWake` receives a function that ends the sleep early. */
  sleep(ms: number, onWake?: (wake: () => void) => void): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(timer);
        resolve();
      };
      this.sleepers.set(timer, wake);
      onWake?.(wake);
    });
  }

  /** Resolves once everything tracked so far, and anything it started meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /** Wakes every sleeper at once; callers see the new epoch and stop. */
  stop(): void {
    this.epoch += 1;
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.sleepers.clear();
  }
}
