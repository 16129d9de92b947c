// Global options before the command (`iamkeys -q service-ids`, `iamkeys --output json iam service-ids`) are
// moved after the command's name, where every command declares them, so both places mean the same.

const FLAGS = new Set(['-q', '--quiet', '--no-color', '--no-input', '--dry-run']);
const WITH_VALUE = new Set(['-o', '--output']);

export function hoistGlobals(argv: string[]): string[] {
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (FLAGS.has(a) || /^(--output=|-o.)/.test(a)) {
      globals.push(a);
      i++;
    } else if (WITH_VALUE.has(a) && i + 1 < argv.length) {
      globals.push(a, argv[i + 1]!);
      i += 2;
    } else {
      break;
    }
  }
  if (globals.length === 0 || i === argv.length) return argv;
  const rest = argv.slice(i);
  // After `iam <command>` or `<command>`; `help` takes no options, so they go before its command name.
  const at = rest[0] === 'iam' && rest.length > 1 ? 2 : rest[0] === 'help' ? rest.length : 1;
  return [...rest.slice(0, at), ...globals, ...rest.slice(at)];
}
