// A service ID's `Access` tab in a real headless Chromium: assign access (IAM Identity on one service ID, and a
// catalogue service with a custom role), see it listed, edit its roles (and a change made meanwhile reported by
// IAM), remove it; each checked through IBM's Policy Management API afterwards. A user without the right gets
// IAM's 403 and nothing changes; hostile role names are shown as text.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/wire/policies.js';
import { logIn, menu, useConsole } from './console-fixture.js';
import { IamApi, describeWithChromium } from './harness.js';

const fx = useConsole();
const CRN = {
  viewer: 'crn:v1:bluemix:public:iam::::role:Viewer',
  operator: 'crn:v1:bluemix:public:iam::::role:Operator',
  editor: 'crn:v1:bluemix:public:iam::::role:Editor',
  reader: 'crn:v1:bluemix:public:iam::::serviceRole:Reader',
};

async function policiesOf(api: IamApi, iamId: string): Promise<Policy[]> {
  const q = new URLSearchParams({ account_id: api.accountId, iam_id: iamId, type: 'access' });
  return (await api.ok<{ policies: Policy[] }>('GET', `/v1/policies?${q}`)).policies;
}

const attrs = (p: Policy): Record<string, string> => Object.fromEntries(p.resources[0]!.attributes.map((a) => [a.name, a.value]));

/** The service ID's page, on its Access tab. */
async function openAccessTab(page: Page, name: string): Promise<void> {
  await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('link').click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'Access' }).click();
  await page.getByRole('heading', { name: 'Access policies' }).waitFor();
  expect(await page.getByRole('tab', { name: 'Access' }).getAttribute('aria-selected')).toBe('true');
}

const roleBox = (dialog: Locator, group: string, role: string): Locator =>
  dialog.getByRole('group', { name: group, exact: true }).getByRole('checkbox', { name: role, exact: true });

/** The policy rows of the Access table that hold this text. */
const policyRow = (page: Page, text: string): Locator =>
  page.getByRole('tabpanel').getByRole('row').filter({ hasText: text });

describeWithChromium('a service ID\'s Access tab', () => {
  it('assigns IAM Identity access on one service ID, lists it, edits its roles, reports a change made meanwhile, and removes it', async () => {
    const owner = fx.owner;
    const deployer = await owner.createServiceId('deployer');
    const target = await owner.createServiceId('target-app');
    // The deployer's own key, to see the policy act: Operator on target-app lets it create target-app's keys.
    const deployerKey = await owner.createKey(deployer.iam_id, 'deployer-key');
    const asDeployer = await IamApi.login(fx.serve.url, deployerKey.apikey);
    const keyForTarget = { name: 'made-by-deployer', iam_id: target.iam_id, account_id: owner.accountId };
    expect((await asDeployer.call('POST', '/v1/apikeys', keyForTarget)).status).toBe(403);
    const { page, errors } = await fx.open();
    await logIn(page, fx.serve.ownerKey);
    await openAccessTab(page, 'deployer');
    await page.getByText('This service ID has no access policies yet').waitFor();

    await page.getByRole('button', { name: 'Assign access' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign access' });
    expect(await dialog.getByLabel('Service', { exact: true }).inputValue()).toBe('iam-identity');
    await dialog.getByLabel('Resource type').fill('serviceid');
    await dialog.getByLabel('Resource ID').fill(target.id);
    await roleBox(dialog, 'Platform access', 'Operator').check();
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('status').filter({ hasText: 'Access was assigned to deployer.' }).waitFor();
    const listed = policyRow(page, target.id);
    await listed.waitFor();
    expect(await listed.getByRole('rowheader').textContent()).toBe('IAM Identity Service');
    expect(await listed.textContent()).toContain('Operator');

    const [made] = await policiesOf(owner, deployer.iam_id);
    expect(made).toBeDefined();
    expect(made!.subjects).toEqual([{ attributes: [{ name: 'iam_id', value: deployer.iam_id }] }]);
    expect(made!.roles.map((r) => r.role_id)).toEqual([CRN.operator]);
    expect(attrs(made!)).toEqual({ accountId: owner.accountId, serviceName: 'iam-identity', resourceType: 'serviceid', resource: target.id });
    expect(made!.state).toBe('active');
    expect((await asDeployer.call('POST', '/v1/apikeys', keyForTarget)).status).toBe(201);

    // Edit: Operator → Editor.
    await menu(page, listed, 'Edit');
    const edit = page.getByRole('dialog', { name: 'Edit access' });
    expect(await roleBox(edit, 'Platform access', 'Operator').isChecked()).toBe(true);
    await roleBox(edit, 'Platform access', 'Operator').uncheck();
    await roleBox(edit, 'Platform access', 'Editor').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'The access policy was updated.' }).waitFor();
    await policyRow(page, 'Editor').waitFor();
    const [edited] = await policiesOf(owner, deployer.iam_id);
    expect(edited!.id).toBe(made!.id);
    expect(edited!.roles.map((r) => r.role_id)).toEqual([CRN.editor]);
    expect(attrs(edited!)).toEqual(attrs(made!)); // the resources are kept as they were

    // A change made elsewhere while the Edit dialog is open: IAM's answer is shown, the other change stays.
    await menu(page, policyRow(page, 'Editor'), 'Edit');
    await roleBox(edit, 'Platform access', 'Editor').waitFor();
    const current = await owner.call<Policy>('GET', `/v1/policies/${made!.id}`);
    const etag = await etagOf(owner, made!.id);
    await owner.ok('PUT', `/v1/policies/${made!.id}`, { type: 'access', subjects: current.body.subjects, roles: [{ role_id: CRN.viewer }], resources: current.body.resources }, { 'if-match': etag });
    await roleBox(edit, 'Platform access', 'Operator').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByRole('alert').filter({ hasText: `The If-Match header does not match the current ETag of ${made!.id}` }).waitFor();
    expect(await edit.isVisible()).toBe(true);
    const [kept] = await policiesOf(owner, deployer.iam_id);
    expect(kept!.roles.map((r) => r.role_id)).toEqual([CRN.viewer]);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    // Remove, after a confirmation.
    await page.reload();
    await menu(page, policyRow(page, 'Viewer'), 'Remove');
    const confirm = page.getByRole('dialog', { name: 'Remove access' });
    expect(await confirm.textContent()).toContain('deployer');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').filter({ hasText: 'The access policy was removed from deployer.' }).waitFor();
    await page.getByText('This service ID has no access policies yet').waitFor();
    expect(await policiesOf(owner, deployer.iam_id)).toEqual([]);
    expect((await asDeployer.call('POST', '/v1/apikeys', { ...keyForTarget, name: 'after-removal' })).status).toBe(403);
    expect(errors).toEqual([]);
  });

  it('offers a catalogue service\'s roles from /v2/roles, custom roles too, and shows hostile role names as text', async () => {
    const owner = fx.owner;
    const app = await owner.createServiceId('storage-app');
    const evil = '<img src=x onerror="window.__pwned=1">Evil';
    await owner.ok('POST', '/v2/roles', {
      name: 'EvilReader', display_name: evil, description: '<script>window.__pwned=2</script>',
      actions: ['cloud-object-storage.object.get'], account_id: owner.accountId, service_name: 'cloud-object-storage',
    });
    const { page, requests, errors } = await fx.open();
    await logIn(page, fx.serve.ownerKey);
    await openAccessTab(page, 'storage-app');
    await page.getByRole('button', { name: 'Assign access' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign access' });
    await roleBox(dialog, 'Platform access', 'Viewer').waitFor();
    await dialog.getByLabel('Service', { exact: true }).selectOption({ label: 'Cloud Object Storage' });
    await roleBox(dialog, 'Service access', 'Reader').check();
    await roleBox(dialog, 'Custom access', evil).check();
    expect(requests.some((u) => u.includes('/v2/roles?') && u.includes('service_name=cloud-object-storage'))).toBe(true);
    await dialog.getByLabel('Description').fill('reads the <b>invoices</b> bucket');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    const listed = policyRow(page, 'reads the <b>invoices</b> bucket');
    await listed.waitFor();
    expect(await listed.getByRole('rowheader').textContent()).toBe('Cloud Object Storage');
    expect(await listed.textContent()).toContain(evil);
    expect(await listed.textContent()).toContain('All resources');
    expect(await page.locator('img, tbody b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    const [made] = await policiesOf(owner, app.iam_id);
    expect(attrs(made!)).toEqual({ accountId: owner.accountId, serviceName: 'cloud-object-storage' });
    expect(made!.roles.map((r) => r.role_id)).toEqual([CRN.reader, `crn:v1:ibmcloud:public:iam-access-management::a/${owner.accountId}::customRole:EvilReader`]);
    expect(made!.description).toBe('reads the <b>invoices</b> bucket');

    // Without a role, nothing is sent.
    await page.getByRole('button', { name: 'Assign access' }).click();
    await roleBox(dialog, 'Platform access', 'Viewer').waitFor();
    const before = requests.length;
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Select at least one role.' }).waitFor();
    expect(requests.slice(before).some((u) => u.includes('/v1/policies'))).toBe(false);
    expect(await policiesOf(owner, app.iam_id)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('gives a user who may only view the service ID IAM\'s 403 on Assign, Edit and Remove, and changes nothing', async () => {
    const owner = fx.owner;
    const sid = await owner.createServiceId('watched-app');
    const existing = await owner.createPolicy(sid.iam_id, [CRN.viewer], { serviceName: 'containers-kubernetes' });
    const user = await owner.ok<{ iam_id: string }>('POST', '/v1/iamkeys/users', { name: 'watcher', email: 'watcher@example.com' });
    const userKey = await owner.ok<{ apikey: string }>('POST', '/v1/apikeys', { name: 'watcher-key', iam_id: user.iam_id, account_id: owner.accountId });
    // Viewer on IAM Identity for this one service ID: it may read the service ID and its policies, not change them.
    await owner.createPolicy(user.iam_id, [CRN.viewer], { serviceName: 'iam-identity', resourceType: 'serviceid', resource: sid.id });
    const before = await policiesOf(owner, sid.iam_id);

    const { page } = await fx.open();
    await logIn(page, userKey.apikey);
    await page.goto(`${fx.serve.url}/#/serviceids/${encodeURIComponent(sid.id)}/access`);
    const listed = policyRow(page, 'Kubernetes Service');
    await listed.waitFor();

    await page.getByRole('button', { name: 'Assign access' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign access' });
    await roleBox(assign, 'Platform access', 'Administrator').check();
    await assign.getByRole('button', { name: 'Assign' }).click();
    // IAM's message, then which action on which resource it refused.
    const refusal = (dialog: Locator, action: string) => dialog.getByRole('alert')
      .filter({ hasText: 'You are not authorized to use this API.' })
      .filter({ hasText: new RegExp(`action '${action.replace(/\./g, '\\.')}' for subject '${user.iam_id}'`) });
    await refusal(assign, 'iam.policy.create').waitFor();
    await assign.getByRole('button', { name: 'Cancel' }).click();

    await menu(page, listed, 'Edit');
    const edit = page.getByRole('dialog', { name: 'Edit access' });
    await roleBox(edit, 'Platform access', 'Administrator').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await refusal(edit, 'iam.policy.update').waitFor();
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await menu(page, listed, 'Remove');
    const remove = page.getByRole('dialog', { name: 'Remove access' });
    await remove.getByRole('button', { name: 'Remove' }).click();
    await refusal(remove, 'iam.policy.delete').waitFor();
    await remove.getByRole('button', { name: 'Cancel' }).click();

    expect(await policiesOf(owner, sid.iam_id)).toEqual(before);
    expect(before.map((p) => p.id)).toEqual([existing.id]);
  });
  it('shows the policies a page (50) at a time, following IAM\'s start tokens', async () => {
    const owner = fx.owner;
    const sid = await owner.createServiceId('many-policies');
    for (let i = 0; i < 55; i++) {
      await owner.createPolicy(sid.iam_id, [CRN.reader], { serviceName: 'cloud-object-storage', serviceInstance: `instance-${String(i).padStart(2, '0')}` });
    }
    const all = await policiesOf(owner, sid.iam_id);
    expect(all).toHaveLength(50); // IAM's own first page
    const { page, requests } = await fx.open();
    await logIn(page, fx.serve.ownerKey);
    await page.goto(`${fx.serve.url}/#/serviceids/${encodeURIComponent(sid.id)}/access`);
    const rows = page.getByRole('tabpanel').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    const firstPage = new Set(await rows.allTextContents());
    await page.getByRole('navigation', { name: 'Access policies pages' }).getByRole('button', { name: 'Next page' }).click();
    await page.getByText('51–55').waitFor();
    expect(await rows.count()).toBe(5);
    for (const text of await rows.allTextContents()) expect(firstPage.has(text)).toBe(false);
    await page.getByRole('navigation', { name: 'Access policies pages' }).getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('1–50').waitFor();
    expect(new Set(await rows.allTextContents())).toEqual(firstPage);
    expect(requests.some((u) => u.includes('/v1/policies?') && u.includes('start='))).toBe(true);
  });

  it('disables Assign access, Edit and Remove while the service ID is locked, saying why', async () => {
    const owner = fx.owner;
    const sid = await owner.createServiceId('locked-app');
    await owner.createPolicy(sid.iam_id, [CRN.viewer], { serviceName: 'kms' });
    await owner.ok('POST', `/v1/serviceids/${sid.id}/lock`);
    const { page } = await fx.open();
    await logIn(page, fx.serve.ownerKey);
    await page.goto(`${fx.serve.url}/#/serviceids/${encodeURIComponent(sid.id)}/access`);
    const listed = policyRow(page, 'Key Protect');
    await listed.waitFor();
    const why = 'Unlock the service ID first to change its access.';
    const assign = page.getByRole('button', { name: 'Assign access' });
    expect(await assign.getAttribute('aria-disabled')).toBe('true');
    expect(await assign.getAttribute('title')).toBe(why);
    await assign.click({ force: true });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await listed.getByRole('button', { name: 'Actions' }).click();
    for (const item of ['Edit', 'Remove']) {
      expect(await page.getByRole('menuitem', { name: item }).getAttribute('aria-disabled')).toBe('true');
      expect(await page.getByRole('menuitem', { name: item }).getAttribute('title')).toBe(why);
    }
  });
  it('shows a v2 policy by what it grants (not as v1\'s placeholder), with Edit disabled, and removes it', async () => {
    const owner = fx.owner;
    const sid = await owner.createServiceId('v2-app');
    const v2 = await owner.ok<{ id: string }>('POST', '/v2/policies', {
      type: 'access',
      control: { grant: { roles: [{ role_id: CRN.viewer }] } },
      subject: { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: sid.iam_id }] },
      resource: { attributes: [
        { key: 'accountId', operator: 'stringEquals', value: owner.accountId },
        { key: 'serviceName', operator: 'stringEquals', value: 'secrets-manager' },
      ] },
      pattern: 'time-based-conditions:once',
      rule: { operator: 'and', conditions: [
        { key: '{{environment.attributes.current_date_time}}', operator: 'dateTimeGreaterThanOrEquals', value: '2026-01-01T00:00:00+00:00' },
        { key: '{{environment.attributes.current_date_time}}', operator: 'dateTimeLessThanOrEquals', value: '2099-01-01T00:00:00+00:00' },
      ] },
      description: 'until 2099',
    });
    const { page, errors } = await fx.open();
    await logIn(page, fx.serve.ownerKey);
    await page.goto(`${fx.serve.url}/#/serviceids/${encodeURIComponent(sid.id)}/access`);
    const listed = policyRow(page, 'until 2099');
    await listed.waitFor();
    expect(await listed.getByRole('rowheader').textContent()).toBe('Secrets Manager');
    expect(await listed.textContent()).toContain('Viewer');
    expect(await listed.textContent()).toContain('With conditions (a v2 policy)');
    expect(await listed.textContent()).not.toContain('UnsupportedVersion');
    await listed.getByRole('button', { name: 'Actions' }).click();
    const edit = page.getByRole('menuitem', { name: 'Edit' });
    expect(await edit.getAttribute('aria-disabled')).toBe('true');
    expect(await edit.getAttribute('title')).toContain('v2 policy');
    await page.getByRole('menuitem', { name: 'Remove' }).click();
    await page.getByRole('dialog', { name: 'Remove access' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').filter({ hasText: 'The access policy was removed from v2-app.' }).waitFor();
    const after = await owner.call<{ state?: string }>('GET', `/v2/policies/${v2.id}`);
    expect(after.status === 404 || after.body.state === 'deleted').toBe(true);
    expect(await policiesOf(owner, sid.iam_id)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

async function etagOf(api: IamApi, id: string): Promise<string> {
  const res = await fetch(`${api.url}/v1/policies/${id}`, { headers: { authorization: `Bearer ${api.token}` } });
  await res.text();
  const etag = res.headers.get('etag');
  if (!etag) throw new Error(`GET /v1/policies/${id} answered ${res.status} without an ETag`);
  return etag;
}
