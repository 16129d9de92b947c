// The exit-code contract, documented in the README's table and tested.
export const Exit = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  conflict: 5,
  ambiguous: 6,
  unreachable: 7,
  /** service-api-keys-audit found keys that need attention (a pipeline gate). */
  findings: 8,
  interrupted: 130,
} as const;

export type ExitCode = (typeof Exit)[keyof typeof Exit];
