// What each console test file shares: one `iamkeys serve` and one Chromium for the file (started in beforeAll,
// stopped and removed in afterAll), a fresh browser context per user, and the console's flows by accessible names.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ROOT } from '../helpers/spawn.js';
import { chromiumHome, IamApi, launchChromium, startServe, type Serve } from './harness.js';

export interface OpenConsole {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Uncaught exceptions and console errors (other than the browser's own line for a 4xx answer). */
  errors: string[];
}

export interface ConsoleFixture {
  readonly serve: Serve;
  readonly browser: Browser;
  /** The temporary HOME Chromium runs with (removed after the file's tests). */
  readonly chromiumHome: string;
  /** The account owner, through the API: sets up and checks what the console did. */
  readonly owner: IamApi;
  /** A fresh browser profile on the console, at this viewport. */
  open(viewport?: { width: number; height: number }): Promise<OpenConsole>;
}

export function useConsole(): ConsoleFixture {
  let serve: Serve | undefined;
  let browser: Browser | undefined;
  let owner: IamApi | undefined;
  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServe(), launchChromium()]);
    owner = await IamApi.login(serve.url, serve.ownerKey);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });
  const must = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the console fixture is not started (beforeAll failed)');
    return v;
  };
  return {
    get serve() { return must(serve); },
    get browser() { return must(browser); },
    get chromiumHome() { return must(chromiumHome(must(browser))); },
    get owner() { return must(owner); },
    async open(viewport) {
      const url = must(serve).url;
      const ctx = await must(browser).newContext({ acceptDownloads: true, ...(viewport ? { viewport } : {}) });
      await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
      const page = await ctx.newPage();
      page.setDefaultTimeout(10_000);
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error' && !/status of 4[0-9][0-9]/.test(m.text())) errors.push(m.text()); });
      await page.goto(`${url}/`);
      return { page, requests, errors };
    },
  };
}

export async function logIn(page: Page, apikey: string): Promise<void> {
  await page.getByLabel('API key').fill(apikey);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Service IDs' }).waitFor();
}

/** The table row whose row header is exactly this name. */
export const row = (page: Page, name: string): Locator =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

/** Opens a row's Actions menu and picks an item. */
export async function menu(page: Page, rowName: string | Locator, item: string): Promise<void> {
  const r = typeof rowName === 'string' ? row(page, rowName) : rowName;
  await r.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

export async function fillDialog(page: Page, title: string, values: Record<string, string>, submit: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: title });
  for (const [label, value] of Object.entries(values)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: submit }).click();
  return dialog;
}

/**
 * Where a test's screenshot goes: docs/ (the README shows it) only when UPDATE_SCREENSHOTS=1, so an ordinary run
 * leaves the tree as it was; else nowhere.
 */
export function screenshotPath(name: string): string | undefined {
  if (process.env['UPDATE_SCREENSHOTS'] !== '1') return undefined;
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  return join(ROOT, 'docs', name);
}
