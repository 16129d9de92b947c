// What `iamkeys help` / `iamkeys -h` adds after the command list: the options every command takes (before or
// after its name), the environment it reads, and the exit codes scripts can rely on.
export const ROOT_HELP_AFTER = `
Global options (before or after the command):
  -o, --output JSON  print only the JSON document (stdout), nothing else
  -q, --quiet        hide progress lines, OK, sentences and warnings
  --no-color         no colour (also NO_COLOR, IBMCLOUD_COLOR=false)
  --no-input         never prompt: fail naming --force instead
  --dry-run          on a command that changes something: show the request, change nothing

Environment:
  IAMKEYS_HOME          settings, token cache and local store (default ~/.iamkeys)
  IAMKEYS_IAM_ENDPOINT  send commands to this IAM URL (e.g. a serve URL); local: the local IAM
  IBMCLOUD_API_KEY      an API key (or @FILE) to act as, without login
  IBMCLOUD_TRACE        true: HTTP trace on stderr; a path: appended to that file
  IBMCLOUD_HTTP_TIMEOUT seconds a request may take, retries included
  IBMCLOUD_COLOR, NO_COLOR  colour on or off

Exit codes:
  0 success   1 failure or declined   2 usage (also --force needed with no input)   3 not found
  4 authentication or permission   5 conflict (locked, stale version)   6 ambiguous name
  7 IAM unreachable   8 the audit found keys that need attention   130 interrupted

Run 'iamkeys help COMMAND' for a command's options.
`;
