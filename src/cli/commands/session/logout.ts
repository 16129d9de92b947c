import { clearTokenCache } from '../../state/token-cache.js';
import { defineCommand } from '../../spec.js';

export const logout = defineCommand({
  name: 'logout',
  summary: 'Log out: forget the stored API key and tokens; commands go to the local IAM again',
  rootOnly: true,
  args: [],
  options: [],
  parse: () => ({}),
  async run(ctx) {
    ctx.ui.progress('Logging out...');
    ctx.saveSettings({ mode: 'local' });
    clearTokenCache(ctx.home());
    if (ctx.json) return ctx.ui.json({ endpoint: 'local' });
    ctx.ui.ok('Every stored credential is removed. Commands go to the embedded local IAM.');
  },
});
