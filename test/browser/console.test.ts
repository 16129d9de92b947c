// The console in a real headless Chromium: each of the seed's console flows clicked through by its accessible
// names, then checked through the API. One browser launch for the file; each user gets a fresh context.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillDialog, logIn, menu, row, screenshotPath, useConsole } from './console-fixture.js';
import { chromiumHome, launchChromium, type IamApi, type Serve, describeWithChromium } from './harness.js';

const fx = useConsole();
const openConsole = () => fx.open();
let serve: Serve;
let owner: IamApi;

beforeAll(() => {
  serve = fx.serve;
  owner = fx.owner;
});

describeWithChromium('the console served by iamkeys serve', () => {
  it('is served with a strict CSP from this origin only, and refuses a wrong key with IAM\'s message', async () => {
    const res = await fetch(`${serve.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/https?:\/\//);
    // API routes are still the API's.
    expect((await fetch(`${serve.url}/v1/serviceids`)).status).toBe(401);

    const { page, requests, errors } = await openConsole();
    await page.getByLabel('API key').fill('not-a-key-of-this-iam');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Provided API key could not be found' }).waitFor();
    await logIn(page, serve.ownerKey);
    const stored = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: localStorage.length, cookie: document.cookie }));
    expect(stored).toEqual({ session: ['iamkeys.console.token'], local: 0, cookie: '' });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(requests.every((u) => u.startsWith(`${serve.url}/`) || u.startsWith('data:'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('creates a service ID and an API key, shows the key once with Copy and Download, then edits, locks, unlocks, disables, enables and deletes it', async () => {
    const { page, errors } = await openConsole();
    await logIn(page, serve.ownerKey);

    await page.getByRole('button', { name: 'Create' }).click();
    await fillDialog(page, 'Create a service ID', { Name: 'billing-app', Description: 'runs the invoices' }, 'Create');
    await row(page, 'billing-app').waitFor();
    const sid = await owner.serviceIdNamed('billing-app');
    expect(sid).toMatchObject({ name: 'billing-app', description: 'runs the invoices', locked: false });

    await row(page, 'billing-app').getByRole('link', { name: 'billing-app' }).click();
    await page.getByRole('heading', { name: 'billing-app', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'Create' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Expires').fill('2099-01-02T03:04');
    await dialog.getByLabel('If the key is leaked').selectOption('disable');
    await fillDialog(page, 'Create API key', { Name: 'invoice-key', Description: 'for the nightly run' }, 'Create');
    await dialog.getByText('API key successfully created').waitFor();
    const value = (await dialog.getByLabel('API key value').textContent()) ?? '';
    expect(await owner.tokenStatus(value)).toBe(200);

    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('copied to the clipboard').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('apikey.json');
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, string>;
    expect(Object.keys(file)).toEqual(['name', 'description', 'apikey', 'createdAt']);
    expect(file).toMatchObject({ name: 'invoice-key', description: 'for the nightly run', apikey: value });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await row(page, 'invoice-key').waitFor();
    expect(await page.content()).not.toContain(value); // shown once: gone with its dialog
    const [key] = await owner.keysOf(sid!['iam_id'] as string);
    expect(key).toMatchObject({ name: 'invoice-key', description: 'for the nightly run', action_when_leaked: 'disable', locked: false, disabled: false });
    expect(String(key!['expires_at'])).toMatch(/^2099-01-0[12]T/);
    const keyPath = `/v1/apikeys/${String(key!['id'])}`;

    await menu(page, 'invoice-key', 'Edit');
    await fillDialog(page, 'Edit API key', { Name: 'invoice-key-2', Description: 'renamed' }, 'Save');
    await row(page, 'invoice-key-2').waitFor();
    expect(await owner.ok('GET', keyPath)).toMatchObject({ name: 'invoice-key-2', description: 'renamed' });

    await menu(page, 'invoice-key-2', 'Lock');
    await page.getByRole('status').filter({ hasText: 'was locked' }).waitFor();
    expect(await owner.ok('GET', keyPath)).toMatchObject({ locked: true });
    await row(page, 'invoice-key-2').getByRole('button', { name: 'Actions' }).click();
    for (const item of ['Edit', 'Delete']) {
      const mi = page.getByRole('menuitem', { name: item });
      expect(await mi.getAttribute('aria-disabled')).toBe('true');
      expect(await mi.getAttribute('title')).toBe('Unlock the API key first to edit or delete it.');
    }
    await page.getByRole('menuitem', { name: 'Delete' }).click({ force: true });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('menuitem', { name: 'Unlock' }).click();
    await page.getByRole('status').filter({ hasText: 'was unlocked' }).waitFor();
    expect(await owner.ok('GET', keyPath)).toMatchObject({ locked: false });

    await menu(page, 'invoice-key-2', 'Disable');
    await page.getByRole('status').filter({ hasText: 'was disabled' }).waitFor();
    expect(await owner.ok('GET', keyPath)).toMatchObject({ disabled: true });
    expect(await owner.tokenStatus(value)).toBe(400);
    await menu(page, 'invoice-key-2', 'Enable');
    await page.getByRole('status').filter({ hasText: 'was enabled' }).waitFor();
    expect(await owner.ok('GET', keyPath)).toMatchObject({ disabled: false });

    // A change made elsewhere while the Edit dialog is open: IAM's conflict is shown, the other change stays.
    await menu(page, 'invoice-key-2', 'Edit');
    const current = await owner.ok<{ entity_tag: string }>('GET', keyPath);
    await owner.ok('PUT', keyPath, { description: 'changed by a script' }, { 'if-match': current.entity_tag });
    const edit = await fillDialog(page, 'Edit API key', { Description: 'stale edit' }, 'Save');
    await edit.getByRole('alert').filter({ hasText: 'The entity tag in If-Match is not the current version' }).waitFor();
    expect(await owner.ok('GET', keyPath)).toMatchObject({ name: 'invoice-key-2', description: 'changed by a script' });
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await menu(page, 'invoice-key-2', 'Delete');
    await page.getByRole('dialog', { name: 'Delete API key' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'was deleted' }).waitFor();
    expect((await owner.call('GET', keyPath)).status).toBe(404);
    expect(errors).toEqual([]);
  });

  it('edits, locks (Delete disabled), unlocks and deletes a service ID from its row', async () => {
    const { page } = await openConsole();
    const sid = await owner.createServiceId('row-actions');
    await logIn(page, serve.ownerKey);
    await menu(page, 'row-actions', 'Edit');
    await fillDialog(page, 'Edit service ID', { Name: 'row-actions-2', Description: 'edited' }, 'Save');
    await row(page, 'row-actions-2').waitFor();
    const path = `/v1/serviceids/${sid.id}`;
    expect(await owner.ok('GET', path)).toMatchObject({ name: 'row-actions-2', description: 'edited' });
    await menu(page, 'row-actions-2', 'Lock');
    await page.getByRole('status').filter({ hasText: 'was locked' }).waitFor();
    expect(await owner.ok('GET', path)).toMatchObject({ locked: true });
    await row(page, 'row-actions-2').getByRole('button', { name: 'Actions' }).click();
    expect(await page.getByRole('menuitem', { name: 'Delete' }).getAttribute('aria-disabled')).toBe('true');
    expect(await page.getByRole('menuitem', { name: 'Delete' }).getAttribute('title')).toBe('Unlock the service ID first to edit or delete it.');
    await page.getByRole('menuitem', { name: 'Unlock' }).click();
    await page.getByRole('status').filter({ hasText: 'was unlocked' }).waitFor();
    expect(await owner.ok('GET', path)).toMatchObject({ locked: false });
    await menu(page, 'row-actions-2', 'Delete');
    await page.getByRole('dialog', { name: 'Delete service ID' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'was deleted' }).waitFor();
    expect((await owner.call('GET', path)).status).toBe(404);
  });

  it('lists every service ID\'s keys under View: All service ID API keys, a page at a time', async () => {
    const a = await owner.createServiceId('view-a');
    const b = await owner.createServiceId('view-b');
    await owner.createKey(a.iam_id, 'key-of-a');
    for (let i = 0; i < 55; i++) await owner.createKey(b.iam_id, `key-of-b-${i}`);
    const { page } = await openConsole();
    await logIn(page, serve.ownerKey);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByLabel('View').selectOption({ label: 'All service ID API keys' });
    await row(page, 'key-of-a').getByRole('link', { name: 'view-a' }).waitFor(); // the owner, by name
    expect(await row(page, 'key-of-a').getByRole('link').getAttribute('title')).toBe(a.iam_id);
    expect(await page.locator('tbody tr').count()).toBe(50);
    const shot = screenshotPath('console.png');
    await page.screenshot(shot ? { path: shot } : {});
    await page.getByRole('button', { name: 'Next page' }).click();
    await row(page, 'key-of-b-54').waitFor();
    const all = await owner.ok<{ apikeys: unknown[] }>('GET', '/v1/apikeys?scope=account&type=serviceid&pagesize=100');
    expect(await page.locator('tbody tr').count()).toBe(all.apikeys.length - 50);
    await page.getByLabel('View').selectOption({ label: 'My IBM Cloud API keys' });
    await page.locator('tbody tr').first().waitFor();
    const mine = await owner.keysOf(owner.iamId);
    expect(await page.locator('tbody tr').count()).toBe(mine.length);
  });

  it('shows a name holding <script> as text, and IAM\'s message for an ANSI escape; nothing is run', async () => {
    const { page, errors } = await openConsole();
    await logIn(page, serve.ownerKey);
    const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    await page.getByRole('button', { name: 'Create' }).click();
    await fillDialog(page, 'Create a service ID', { Name: evil }, 'Create');
    await row(page, evil).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('table img, table script').count()).toBe(0);
    expect(await owner.serviceIdNamed(evil)).toBeDefined();

    await page.getByRole('button', { name: 'Create' }).click();
    const dialog = await fillDialog(page, 'Create a service ID', { Name: 'red\u001b[31mtext' }, 'Create');
    await dialog.getByRole('alert').filter({ hasText: 'contains control characters' }).waitFor();
    expect(await owner.serviceIdNamed('red\u001b[31mtext')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('gives a user without rights IAM\'s 403 messages and changes nothing', async () => {
    const sid = await owner.createServiceId('granted-then-revoked');
    const key = await owner.createKey(sid.iam_id, 'protected-key');
    const dev = await owner.ok<{ iam_id: string }>('POST', '/v1/iamkeys/users', { name: 'dev', email: 'dev@example.com' });
    const devKey = await owner.ok<{ apikey: string }>('POST', '/v1/apikeys', { name: 'dev-key', iam_id: dev.iam_id, account_id: owner.accountId });
    const grant = `/v1/iamkeys/users/${encodeURIComponent(dev.iam_id)}/service_ids/${sid.id}`;
    await owner.ok('PUT', grant);

    const { page } = await openConsole();
    await logIn(page, devKey.apikey);
    await row(page, 'granted-then-revoked').getByRole('link').click();
    await row(page, 'protected-key').waitFor();
    await owner.ok('DELETE', grant); // access taken away while the page is open

    await menu(page, 'protected-key', 'Lock');
    await page.getByRole('alert').filter({ hasText: 'You are not authorized to use this API' }).waitFor();
    await menu(page, 'protected-key', 'Delete');
    const del = page.getByRole('dialog', { name: 'Delete API key' });
    await del.getByRole('button', { name: 'Delete' }).click();
    await del.getByRole('alert').filter({ hasText: 'You are not authorized to use this API' }).waitFor();
    await del.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    const create = await fillDialog(page, 'Create API key', { Name: 'sneaky' }, 'Create');
    await create.getByRole('alert').filter({ hasText: 'You are not authorized to use this API' }).waitFor();
    await create.getByRole('button', { name: 'Cancel' }).click();

    const keys = await owner.keysOf(sid.iam_id);
    expect(keys.map((k) => [k['id'], k['locked']])).toEqual([[key.id, false]]);
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'You are not authorized to use this API' }).waitFor();
  });
});

describeWithChromium('the console with activity', () => {
  it('asks for activity on every page of keys and shows "Last used" when IAM reports it', async () => {
    const sid = await owner.createServiceId('with-activity');
    const key = await owner.createKey(sid.iam_id, 'used-key');
    expect(await owner.tokenStatus(key.apikey)).toBe(200);
    const { page, requests } = await openConsole();
    await logIn(page, serve.ownerKey);
    await row(page, 'with-activity').getByRole('link').click();
    await page.getByRole('columnheader', { name: 'Last used' }).waitFor();
    // The local IAM's own activity record: one token exchange so far.
    expect(await row(page, 'used-key').textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC \(1 sign-in\)/);
    expect(requests.some((u) => u.includes('/v1/apikeys?') && u.includes('include_activity=true'))).toBe(true);
  });
});

describeWithChromium('the console\'s links and words', () => {
  it('runs Chromium with a temporary HOME: its own files go there, not to the user\'s home', async () => {
    await openConsole();
    expect(fx.chromiumHome.startsWith(tmpdir())).toBe(true);
    expect(existsSync(join(fx.chromiumHome, '.config', 'chromium'))).toBe(true);
  });

  it('removes that HOME when the browser closes', async () => {
    const browser = await launchChromium();
    const home = chromiumHome(browser)!;
    await (await browser.newPage()).goto('data:text/html,x');
    expect(existsSync(home)).toBe(true);
    await browser.close();
    expect(existsSync(home)).toBe(false);
  });

  it('shows the serve command on the login page as code, not between literal backticks', async () => {
    const { page } = await openConsole();
    const code = page.locator('form.login code');
    expect(await code.textContent()).toBe('iamkeys serve --apikey-file FILE');
    expect(await page.locator('form.login').textContent()).not.toContain('`');
  });

  it('answers a link whose service ID is not valid percent-encoding with a not-found view, and no uncaught error', async () => {
    const { page, errors } = await openConsole();
    await logIn(page, serve.ownerKey);
    await page.goto(`${serve.url}/#/serviceids/%E0%A4%A`);
    await page.getByRole('heading', { name: 'Service ID not found', level: 1 }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'This link does not name a service ID' }).waitFor();
    // The way back still works.
    await page.getByRole('main').getByRole('link', { name: 'Service IDs' }).click();
    await page.getByRole('heading', { name: 'Service IDs', level: 1 }).waitFor();
    expect(errors).toEqual([]);
  });
});
