import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, launchChromium, openRecordedPage, startVite, type ViteServer } from './browser';
import { TestApp } from './test-app';

export interface BrowserSuite {
  /** The API, with APP_URL on the SPA's port (Stripe's and the providers' return URLs are built from it). */
  t: TestApp;
  web: ViteServer;
  browser: Browser;
  /** A fresh signed-out page; what it logs as an error fails the test that opened it. */
  open(viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * The frame of a browser spec, registered in the calling `describe`: the API (with `env`), the SPA
 * on Vite and Chromium before all its tests; each test's pages closed after it, and its page
 * errors asserted empty; everything stopped after all.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const suite = {
    open: (viewport = { width: 1100, height: 900 }) =>
      openRecordedPage(suite.browser, contexts, errors, { viewport, origin: suite.web.url }),
  } as BrowserSuite;

  beforeAll(async () => {
    const webPort = await freePort();
    suite.t = await TestApp.create({ env: { APP_URL: `http://127.0.0.1:${webPort}`, AUTH_RATE_LIMIT_PER_IP: '200', ...env } });
    suite.web = await startVite(webPort, suite.t.url);
    suite.browser = await launchChromium();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(errors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await suite.browser?.close();
    await suite.web?.stop();
    await suite.t?.close();
  });

  return suite;
}
