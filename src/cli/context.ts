// Everything a command needs, built once per run and lazily: streams and UI, the home folder and settings,
// the IAM client, and the prompter (inquirer is loaded only if a question is really asked on a TTY).
import type { Identity } from '../client/auth.js';
import type { SessionTokens } from '../client/grants.js';
import type { IamClient } from '../client/iam-client.js';
import { buildClient, isStateless, type ClientSetup, type TransportWrapper } from './client-factory.js';
import { confirmOrThrow } from './input/confirm.js';
import { usageError } from './errors.js';
import { ensureHome, homeDir, settingsPath } from './state/home.js';
import type { IO } from './input/io.js';
import { LinePrompter, TtyPrompter, type Prompter } from './input/prompt.js';
import { DEFAULT_SETTINGS, readSettings, writeSettings, type Settings } from './state/settings.js';
import { Ui } from './output/ui.js';

export interface GlobalOptions {
  output?: string;
  quiet?: boolean;
  color?: boolean;
  input?: boolean;
  /** --dry-run, on commands that change something */
  dryRun?: boolean;
}

export interface RunDeps {
  io: IO;
  /** A scripted prompter for tests; otherwise chosen from the TTY state. */
  prompter?: Prompter;
  /** Tests: wraps the transport, to answer some requests with canned IAM answers (a real IBM body, a 429). */
  wrapTransport?: TransportWrapper;
}

export function parseOutput(output: string | undefined): boolean {
  if (output === undefined) return false;
  if (output.toLowerCase() === 'json') return true;
  throw usageError(`Output format '${output}' is not supported. The only format is JSON (--output json).`);
}

export class Context {
  readonly ui: Ui;
  readonly json: boolean;
  private clientCache: Promise<IamClient> | undefined;
  private homeCache: string | undefined;
  private settingsCache: Settings | undefined;
  private prompterCache: Prompter | undefined;

  constructor(readonly deps: RunDeps, readonly globals: GlobalOptions) {
    this.json = parseOutput(globals.output);
    this.ui = new Ui(deps.io, { json: this.json, quiet: globals.quiet === true, color: globals.color !== false });
  }

  get io(): IO {
    return this.deps.io;
  }

  home(): string {
    this.homeCache ??= ensureHome(homeDir(this.io.env));
    return this.homeCache;
  }

  /**
   * The home when it can be used, else undefined. A stateless command (a key and a remote IAM in the environment)
   * runs with a read-only or missing home: it only loses the token cache.
   */
  private usableHome(): string | undefined {
    if (!isStateless(this.io.env)) return this.home();
    try {
      return this.home();
    } catch {
      return undefined;
    }
  }

  settings(): Settings {
    if (!this.settingsCache && isStateless(this.io.env)) {
      // Nothing in the settings changes where a stateless command goes or who it acts as, so none are written.
      const home = this.usableHome();
      let s: Settings | undefined;
      try {
        s = home === undefined ? undefined : readSettings(settingsPath(home));
      } catch {
        s = undefined;
      }
      this.settingsCache = s ?? { ...DEFAULT_SETTINGS };
    }
    if (!this.settingsCache) {
      const path = settingsPath(this.home());
      let s = readSettings(path);
      if (!s) {
        s = { ...DEFAULT_SETTINGS };
        if (!this.dryRun) writeSettings(path, s); // a dry run writes nothing
      }
      this.settingsCache = s;
    }
    return this.settingsCache;
  }

  saveSettings(s: Settings): void {
    writeSettings(settingsPath(this.home()), s);
    this.settingsCache = s;
  }

  async client(): Promise<IamClient> {
    this.clientCache ??= buildClient(this.clientSetup());
    return this.clientCache;
  }

  clientSetup(): ClientSetup {
    return {
      home: this.usableHome(), settings: this.settings(), env: this.io.env, stderr: this.io.stderr,
      ...(this.deps.wrapTransport ? { wrapTransport: this.deps.wrapTransport } : {}),
      ...(this.dryRun ? { dryRun: true } : {}),
      keepSessionTokens: (tokens) => this.keepSessionTokens(tokens),
    };
  }

  /** A renewed session is written back; if it cannot be, this run goes on and the next logs in again. */
  private keepSessionTokens(tokens: SessionTokens): void {
    const s = this.settings();
    if (!s.remote?.tokens) return;
    try {
      this.saveSettings({ ...s, remote: { ...s.remote, tokens } });
    } catch {
      // a read-only home: the session lasts as long as this run
    }
  }

  async identity(): Promise<Identity> {
    return (await this.client()).auth.identity();
  }

  get dryRun(): boolean {
    return this.globals.dryRun === true;
  }

  async confirm(question: string, force: boolean): Promise<void> {
    if (this.dryRun) return; // nothing will be changed, so nothing is asked
    await confirmOrThrow({
      io: this.io,
      noInput: this.globals.input === false,
      json: this.json,
      prompter: async () => {
        this.prompterCache ??= this.deps.prompter ?? (this.io.stdinIsTTY ? new TtyPrompter(this.io) : new LinePrompter(this.io));
        return this.prompterCache;
      },
    }, question, force);
  }

  async close(): Promise<void> {
    const client = await this.clientCache?.catch(() => undefined);
    await client?.transport.close();
  }
}
