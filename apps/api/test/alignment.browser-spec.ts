import type { Locator, Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { bearer, connectXero, createIndustry, onboardBillable, registerClient, type IndustryBody } from './utils/actors';
import type { ViteServer } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import type { TestApp } from './utils/test-app';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} is not on the page`);
  return found;
}

/** `inner` lies within `outer`, at least `margin` px from each of its edges. */
function expectInside(inner: Box, outer: Box, margin = 0) {
  expect(inner.x).toBeGreaterThanOrEqual(outer.x + margin);
  expect(inner.y).toBeGreaterThanOrEqual(outer.y + margin);
  expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width - margin);
  expect(inner.y + inner.height).toBeLessThanOrEqual(outer.y + outer.height - margin);
}

/** Two inputs side by side in one row: same top, same height (to the pixel's rounding). */
function expectLevel(a: Box, b: Box) {
  expect(Math.abs(a.y - b.y)).toBeLessThan(1);
  expect(Math.abs(a.height - b.height)).toBeLessThan(1);
}

/** In the page: the words under `root` that the layout split over two lines (an email's parts around a <wbr> are words of their own). */
const BROKEN_WORDS = `(root) => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
}`;

/** The alignment glitches people saw, measured: the boxes the browser lays out, not pixels in a screenshot. */
describe('alignment', () => {
  const suite = browserSuite();
  const open = (viewport: { width: number; height: number }) => suite.open(viewport);
  let t: TestApp;
  let web: ViteServer;
  let adminToken: string;
  const adminEmail = 'layout.admin@leadflow.test';
  let industry: IndustryBody;

  beforeAll(async () => {
    ({ t, web } = suite);
    await upsertUser(t.db, {
      email: adminEmail,
      password: 'admin-password-1',
      firstName: 'Alex',
      lastName: 'Admin',
      phone: '+440000000000',
      role: 'admin',
    });
    adminToken = (await t.http().post('/api/auth/login').send({ email: adminEmail, password: 'admin-password-1' }).expect(200)).body
      .accessToken as string;
    industry = await createIndustry(t, adminToken);
    await connectXero(t, adminToken);
  });

  /** Logs in through the form and waits to leave it (an unfinished sign-up lands on the wizard). */
  async function logIn(page: Page, email: string, password: string) {
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  it('keeps Town level with a Postcode that shows an error (sign-up, business details)', async () => {
    const client = await registerClient(t);
    const page = await open({ width: 1100, height: 900 });
    await logIn(page, client.email, client.password);
    await page.goto(`${web.url}/onboarding`);
    await page.getByLabel('Business name').fill('Level Roofing Ltd');
    await page.getByLabel('Industry').selectOption(industry.id);
    await page.getByLabel('Business phone').fill('020 7946 0000');
    await page.getByLabel('Address line 1').fill('1 High Street');
    await page.getByLabel('Town or city').fill('London');
    await page.getByLabel('Postcode').fill('hello');
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .locator('.field-error')
      .filter({ hasText: /postcode/i })
      .first()
      .waitFor();
    for (const width of [1100, 700]) {
      await page.setViewportSize({ width, height: 900 });
      expectLevel(await box(page.getByLabel('Town or city')), await box(page.getByLabel('Postcode')));
    }
  });

  it('keeps the two auto-charge inputs level, whatever their labels and hints', async () => {
    const client = await onboardBillable(t, industry.id);
    const page = await open({ width: 1100, height: 900 });
    await logIn(page, client.email, 'correct-horse-42');
    await page.goto(`${web.url}/billing`);
    const form = page.getByRole('region', { name: 'Auto-charge' });
    const threshold = form.getByLabel('When the balance falls below (£)');
    const amount = form.getByLabel('Buy this much credit (£)');
    await amount.waitFor();
    const widths = [1100, 820, 560];
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      expectLevel(await box(threshold), await box(amount));
    }
    // An error under one of them does not move the other.
    await threshold.fill('lots');
    await form.getByRole('button', { name: 'Save auto-charge' }).click();
    await form.locator('.field-error').first().waitFor();
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      expectLevel(await box(threshold), await box(amount));
    }
  });

  it("keeps 'New campaign' clear of the campaign card under it, and each card's buttons inside it (1280 px and a phone)", async () => {
    const buyer = await onboardBillable(t, industry.id);
    const campaign = (
      await t
        .http()
        .post('/api/admin/campaigns')
        .set(bearer(adminToken))
        .send({ name: 'Layout campaign', industryId: industry.id, strategy: 'round_robin' })
        .expect(201)
    ).body as { id: string };
    await t
      .http()
      .put(`/api/admin/campaigns/${campaign.id}/subscriptions`)
      .set(bearer(adminToken))
      .send({ clientId: buyer.clientId })
      .expect(200);
    const page = await open({ width: 1280, height: 900 });
    await logIn(page, adminEmail, 'admin-password-1');
    await page.goto(`${web.url}/admin/campaigns`);
    const card = page.getByRole('region', { name: 'Layout campaign' });
    await card.waitFor();
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      const outer = await box(card);
      // The page's button sits clear of the card under it.
      const create = await box(page.getByRole('button', { name: 'New campaign' }));
      expect(outer.y - (create.y + create.height)).toBeGreaterThanOrEqual(12);
      const buttons = card.getByRole('button');
      const count = await buttons.count();
      expect(count).toBeGreaterThan(2);
      for (let i = 0; i < count; i++) {
        const button = buttons.nth(i);
        if (!(await button.isVisible())) continue;
        // 12 px at least between a button and the card's border (the card's padding is 16–32 px).
        expectInside(await box(button), outer, 12);
      }
    }
  });

  it('fits the admin clients table beside the sidebar at 1280 px, without scrolling sideways', async () => {
    await onboardBillable(t, industry.id);
    const page = await open({ width: 1280, height: 800 });
    await logIn(page, adminEmail, 'admin-password-1');
    await page.goto(`${web.url}/admin/clients`);
    const table = page.getByRole('table').first();
    await table.getByRole('row').nth(1).waitFor();
    await page.screenshot({ path: '/tmp/clients-1280.png' });
    const wrap = page.locator('.table-wrap').first();
    const [scrollWidth, clientWidth] = (await wrap.evaluate((el) => [el.scrollWidth, el.clientWidth])) as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expectInside(await box(table), await box(page.getByRole('main')));
    // Readable: no word (a heading, a status, a step) is split over two lines.
    expect(await page.evaluate(`(${BROKEN_WORDS})(document.querySelector('table'))`)).toEqual([]);
  });

  it("keeps the admin overview's figures inside their tiles on a phone, even large ones", async () => {
    const page = await open({ width: 390, height: 844 });
    // The real overview, with the money figures a busy month would show.
    await page.route('**/api/admin/overview**', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({
        response,
        json: { ...body, revenueToday: 123_456_789, revenue30d: 9_876_543_210, leadsInToday: 123_456, deliveredToday: 120_000 },
      });
    });
    await page.route('**/api/admin/subscriptions/summary**', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, mrr: 1_234_567_890, paidSubscriptions: 98_765 } });
    });
    await logIn(page, adminEmail, 'admin-password-1');
    await page.goto(`${web.url}/admin`);
    await page.locator('#overview-revenue-30d').waitFor();
    await page.locator('#overview-mrr').waitFor();
    expect(await page.locator('#overview-revenue-30d').textContent()).toBe('£98,765,432.10');
    expect(await page.locator('#overview-mrr').textContent()).toBe('£12,345,678.90');
    // Six tiles of the day's leads and money, three of the subscriptions.
    const tiles = page.locator('.stat-list > div');
    expect(await tiles.count()).toBe(9);
    for (let i = 0; i < 9; i++) {
      const tile = tiles.nth(i);
      const figure = tile.locator('dd');
      // The text's own box (a range), not the dd's: text that overflows spills past the dd too.
      type Ranged = { ownerDocument: { createRange(): { selectNodeContents(node: unknown): void; getBoundingClientRect(): Box } } };
      const text = await figure.evaluate((dd: unknown) => {
        const range = (dd as Ranged).ownerDocument.createRange();
        range.selectNodeContents(dd);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      });
      expectInside(text, await box(tile), 8);
    }
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
