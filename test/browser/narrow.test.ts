// The console at 400 px wide (a phone, a narrow window): the header with `Log out`, the tables of service IDs and
// keys with each row's Actions menu, and the dialogs stay on screen, with nothing to scroll sideways.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logIn, menu, row, useConsole } from './console-fixture.js';
import { describeWithChromium } from './harness.js';

const WIDTH = 400;
const fx = useConsole();

/** The element's box lies inside the viewport's width (and it is shown at all). */
async function expectOnScreen(l: Locator): Promise<void> {
  await l.scrollIntoViewIfNeeded();
  const box = await l.boundingBox();
  expect(box, 'the element has no box: it is not shown').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
}

/** Nothing on the page is wider than the viewport: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
  expect(widths.view).toBe(WIDTH);
  expect(widths.doc).toBeLessThanOrEqual(WIDTH);
  expect(widths.body).toBeLessThanOrEqual(WIDTH);
}

async function expectMenuOnScreen(page: Page, r: Locator, items: string[]): Promise<void> {
  const actions = r.getByRole('button', { name: 'Actions' });
  await expectOnScreen(actions);
  await actions.click();
  for (const item of items) await expectOnScreen(page.getByRole('menuitem', { name: item }));
  await page.keyboard.press('Escape');
}

describeWithChromium('the console at 400 px wide', () => {
  it('keeps the header, the service ID table and its row menus, and the Create dialog on screen', async () => {
    const owner = fx.owner;
    await owner.createServiceId('a-service-id-with-a-rather-long-name-that-must-wrap-somewhere');
    const { page, errors } = await fx.open({ width: WIDTH, height: 800 });
    await expectOnScreen(page.getByRole('button', { name: 'Log in' }));
    await expectNoSidewaysScroll(page);
    await logIn(page, fx.serve.ownerKey);

    await expectOnScreen(page.getByRole('button', { name: 'Log out' }));
    const nav = page.getByRole('navigation', { name: 'Console' });
    for (const link of ['Service IDs', 'API keys']) await expectOnScreen(nav.getByRole('link', { name: link }));
    await expectOnScreen(page.getByText('Signed in as'));
    const r = row(page, 'a-service-id-with-a-rather-long-name-that-must-wrap-somewhere');
    await r.waitFor();
    await expectMenuOnScreen(page, r, ['Manage service ID', 'Edit', 'Lock', 'Delete']);
    await expectNoSidewaysScroll(page);

    await page.getByRole('button', { name: 'Create' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a service ID' });
    for (const label of ['Name', 'Description']) await expectOnScreen(dialog.getByLabel(label, { exact: true }));
    await expectOnScreen(dialog.getByRole('button', { name: 'Create' }));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(errors).toEqual([]);
  });

  it('keeps a service ID\'s key table (every column, "Last used" too) and the API keys page with owners on screen', async () => {
    const owner = fx.owner;
    const sid = await owner.createServiceId('narrow-keys');
    const key = await owner.createKey(sid.iam_id, 'narrow-key-one');
    await owner.createKey(sid.iam_id, 'narrow-key-two');
    expect(await owner.tokenStatus(key.apikey)).toBe(200); // activity: the "Last used" column appears
    const { page, errors } = await fx.open({ width: WIDTH, height: 800 });
    await logIn(page, fx.serve.ownerKey);
    await row(page, 'narrow-keys').getByRole('link').click();
    await page.getByRole('heading', { name: 'narrow-keys', level: 1 }).waitFor();
    const r = row(page, 'narrow-key-one');
    await r.waitFor();
    await expectOnScreen(r.getByText(/1 sign-in/));
    await expectMenuOnScreen(page, r, ['Edit', 'Lock', 'Disable', 'Delete']);
    await expectOnScreen(page.getByRole('button', { name: 'Log out' }));
    await expectNoSidewaysScroll(page);
    // The row's actions still work at this width.
    await menu(page, 'narrow-key-two', 'Lock');
    await page.getByRole('status').filter({ hasText: 'was locked' }).waitFor();

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('View').selectOption({ label: 'All service ID API keys' });
    const owned = row(page, 'narrow-key-one');
    await owned.getByRole('link', { name: 'narrow-keys' }).waitFor();
    await expectOnScreen(owned.getByRole('link', { name: 'narrow-keys' }));
    await expectMenuOnScreen(page, owned, ['Edit', 'Delete']);
    await expectOnScreen(page.getByLabel('View'));
    await expectNoSidewaysScroll(page);
    expect(errors).toEqual([]);
  });

  it('keeps a service ID\'s Access tab, its policy rows with their menus, and the Assign access dialog on screen', async () => {
    const owner = fx.owner;
    const sid = await owner.createServiceId('narrow-access');
    await owner.createPolicy(sid.iam_id, ['crn:v1:bluemix:public:iam::::role:Operator'], { serviceName: 'iam-identity', resourceType: 'serviceid', resource: sid.id });
    const { page, errors } = await fx.open({ width: WIDTH, height: 800 });
    await logIn(page, fx.serve.ownerKey);
    await page.goto(`${fx.serve.url}/#/serviceids/${encodeURIComponent(sid.id)}/access`);
    const r = page.getByRole('tabpanel').getByRole('row').filter({ hasText: 'Operator' });
    await r.waitFor();
    for (const tab of ['API keys', 'Access']) await expectOnScreen(page.getByRole('tab', { name: tab }));
    await expectOnScreen(r.getByRole('link', { name: sid.id }));
    await expectMenuOnScreen(page, r, ['Edit', 'Remove']);
    await expectNoSidewaysScroll(page);

    await page.getByRole('button', { name: 'Assign access' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign access' });
    const viewer = dialog.getByRole('group', { name: 'Platform access' }).getByRole('checkbox', { name: 'Viewer', exact: true });
    await viewer.waitFor();
    for (const label of ['Service', 'Resource type', 'Resource ID']) await expectOnScreen(dialog.getByLabel(label, { exact: true }));
    await expectOnScreen(viewer);
    await expectOnScreen(dialog.getByRole('button', { name: 'Assign' }));
    await expectNoSidewaysScroll(page);
    expect(errors).toEqual([]);
  });
});
