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
