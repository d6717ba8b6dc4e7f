export interface RunningService {
  url: string;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function startPostgres(opts: {
  dataDir: string;
  persistent: boolean;
  port?: number;
  log?: (line: string) => void;
  /** More server settings, each `name=value` (passed as `-c`). */
  settings?: string[];
}): Promise<RunningService & { adminUrl: string }>;
export function startRedis(opts: { dataDir?: string; port?: number; log?: (line: string) => void }): Promise<RunningService>;
export function waitForPort(port: number, timeoutMs: number, gaveUp?: () => boolean): Promise<void>;
