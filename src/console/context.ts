// What every page of the console is given: the API client, the signed-in session and the page's message line.
import type { Api } from './api.js';
import type { Notice } from './notice.js';
import type { Session } from './session.js';

export interface Ctx {
  api: Api;
  session: Session;
  notice: Notice;
}
