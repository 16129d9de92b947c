// Commands people type from other CLIs or by analogy, mapped to the command they mean. commander's own
// suggestion goes by spelling, and `service-api-key-list` is closer to `service-api-key-lock` than to the list.
const MEANT: Record<string, string> = {
  'service-api-key-list': 'service-api-keys',
  'service-api-keys-list': 'service-api-keys',
  'service-api-key-show': 'service-api-key',
  'service-api-key-get': 'service-api-key',
  'service-id-list': 'service-ids',
  'service-ids-list': 'service-ids',
  'service-id-show': 'service-id',
  'service-id-get': 'service-id',
  'api-key-list': 'service-api-keys',
};

export const meantCommand = (typed: string): string | undefined => MEANT[typed];

/**
 * `help X` (or `iam help X`) where X is no command: X alone, so it fails as an unknown command with a suggestion
 * rather than printing the whole help.
 */
export function helpTopicOrCommand(argv: string[], commands: readonly { name: string }[]): string[] {
  const at = argv[0] === 'iam' ? 1 : 0;
  const topic = argv[at + 1];
  if (argv[at] !== 'help' || topic === undefined || topic.startsWith('-')) return argv;
  if (commands.some((c) => c.name === topic) || (at === 0 && topic === 'iam')) return argv;
  return [...argv.slice(0, at), ...argv.slice(at + 1)];
}
