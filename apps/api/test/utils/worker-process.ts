import { AppProcess } from './app-process';

/** The worker entry (`apps/api/src/worker.ts`) as its own OS process: see AppProcess. */
export type WorkerProcess = AppProcess;
export const WorkerProcess = {
  /** Starts a worker with `env` (a TestApp's) and resolves once it reports ready. */
  start: (env: Record<string, string>, timeoutMs = 30_000): Promise<WorkerProcess> => AppProcess.start('worker', env, timeoutMs),
};
