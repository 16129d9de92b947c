import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { commandTree } from '../completion/tree.js';
import { zshScript } from '../completion/zsh.js';
import { usageError } from '../errors.js';
import { safeText } from '../output/safe.js';
import { defineCommand } from '../spec.js';
import { COMMANDS } from './index.js';

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript };

export const completion = defineCommand({
  name: 'completion',
  summary: 'Print the shell completion script for bash, zsh or fish (see the README for installing it)',
  rootOnly: true,
  args: [{ syntax: '<SHELL>', description: 'bash, zsh or fish' }],
  options: [],
  examples: ['eval "$(iamkeys completion bash)"', 'iamkeys completion fish > ~/.config/fish/completions/iamkeys.fish'],
  parse(given) {
    const shell = given.arg(0);
    const make = SCRIPTS[shell as keyof typeof SCRIPTS];
    if (!Object.hasOwn(SCRIPTS, shell) || !make) throw usageError(`Completion is made for bash, zsh and fish, not '${safeText(shell)}'.`);
    return { make };
  },
  async run(ctx, { make }) {
    ctx.ui.data(make(commandTree(COMMANDS)));
  },
});
