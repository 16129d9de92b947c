// Opens a URL in the default browser with the platform's opener, as a program with the URL as its one argument:
// never through a shell, so nothing in a URL an IAM named can run as a command.
import { spawn } from 'node:child_process';

function opener(platform: NodeJS.Platform): [string, string[]] {
  if (platform === 'darwin') return ['open', []];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler']];
  return ['xdg-open', []];
}

/** Resolves true once the opener started, false when there is none (the caller then says to open it by hand). */
export function openUrl(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [cmd, args] = opener(platform);
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, [...args, url], { detached: true, stdio: 'ignore', shell: false });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
