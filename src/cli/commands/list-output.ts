// Lists are printed as their pages arrive: JSON item by item (a listing of 10,000 keys is never one big string),
// text as one table once all rows are in (column widths need every row; only the cells are kept).
import type { Context } from '../context.js';
import { safeJson } from '../output/safe.js';

export interface ListOptions<T extends { id: string }> {
  keep: (item: T) => boolean;
  uuidOnly: boolean;
  columns: string[];
  cells: (item: T) => string[];
  /** Said after OK when nothing is listed (text mode). */
  none: string;
}

const indent = (s: string): string => s.replace(/^/gm, '  ');

/**
 * On a TTY stderr, a long listing (more than one page) says how far it got, page after page, and wipes the line
 * at the end. Not through Ui: it is a live line that must stay on the terminal's stderr, never in data.
 */
function counter(ctx: Context): { page(n: number): void; done(): void } {
  const live = ctx.io.stderrIsTTY && !ctx.globals.quiet && !ctx.json;
  let seen = 0;
  let pages = 0;
  return {
    page(n) {
      seen += n;
      pages++;
      if (live && pages > 1) ctx.io.stderr.write(`\rListed ${seen} so far, ${pages} pages...`);
    },
    done() {
      if (live && pages > 1) ctx.io.stderr.write('\r\x1b[K');
    },
  };
}

export async function streamList<T extends { id: string }>(ctx: Context, pages: AsyncIterable<T[]>, o: ListOptions<T>): Promise<void> {
  const progress = counter(ctx);
  if (ctx.json) {
    let count = 0;
    for await (const page of pages) {
      progress.page(page.length);
      let chunk = '';
      for (const item of page) {
        if (!o.keep(item)) continue;
        chunk += `${count === 0 ? '[\n' : ',\n'}${indent(safeJson(o.uuidOnly ? item.id : item))}`;
        count++;
      }
      if (chunk) ctx.ui.data(chunk);
    }
    progress.done();
    ctx.ui.data(count === 0 ? '[]\n' : '\n]\n');
    return;
  }
  const rows: string[][] = [];
  const ids: string[] = [];
  for await (const page of pages) {
    progress.page(page.length);
    for (const item of page) {
      if (!o.keep(item)) continue;
      if (o.uuidOnly) ids.push(item.id);
      else rows.push(o.cells(item));
    }
  }
  progress.done();
  // --uuid prints the ids alone (scripts capture them with $(...)), nothing when there are none.
  if (o.uuidOnly) return ctx.ui.ids(ids);
  ctx.ui.ok();
  if (rows.length === 0) return ctx.ui.say(o.none);
  ctx.ui.table(o.columns, rows);
}
