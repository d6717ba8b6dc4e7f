import type { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGTERM/SIGINT: stop taking work, let in-flight requests and jobs finish (Nest closes Bull
 * workers, the HTTP server and the pools), then exit 0. A second signal exits at once.
 */
export function closeOnSignals(app: INestApplicationContext, name: string): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      console.log(JSON.stringify({ msg: `${name} stopping`, signal }));
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
}
