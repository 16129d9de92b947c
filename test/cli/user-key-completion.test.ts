// Name completion of the user key commands: the caller's own key names (on the local IAM, the owner's), never a
// service ID's key names; and the service ID key commands never offer a user's key names.
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';

describe('completion of user API key names', () => {
  it('api-key-* offer your own keys; service-api-key-* the service IDs\' keys', async () => {
    const home = tempHome('iamkeys-user-complete-');
    for (const argv of [['api-key-create', 'alpha-mine'], ['service-id-create', 'app'], ['service-api-key-create', 'alpha-svc', 'app']]) {
      expect((await runCli([...argv, '-q'], { home })).code).toBe(0);
    }
    const user = await runCli(['__complete', 'api-key-delete', 'alp'], { home });
    expect(user.stdout.split('\n').filter(Boolean)).toEqual(['alpha-mine']);
    const underIam = await runCli(['__complete', 'iam', 'api-key-rotate', ''], { home });
    expect(underIam.stdout.split('\n').filter(Boolean)).toEqual(['alpha-mine']);
    const svc = await runCli(['__complete', 'service-api-key-delete', 'alp'], { home });
    expect(svc.stdout.split('\n').filter(Boolean)).toEqual(['alpha-svc']);
  });
});
