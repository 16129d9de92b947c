// Borderless tables as ibmcloud draws them (`ibmcloud iam service-ids`): left-aligned columns, each as
// wide as its widest cell plus 3 spaces, trailing space trimmed. cli-table3 pads every cell and keeps trailing
// space, so this small renderer gives the exact form.
import { displayWidth, truncateToWidth } from './width.js';
import { safeText } from './safe.js';

export interface TableStyle {
  header?: (s: string) => string;
  firstColumn?: (s: string) => string;
}

const GAP = 3;
/** A cut column keeps at least this many columns of its text. */
const MIN_CUT = 12;

/** A terminal's width, and the columns whose text may be cut to fit it (names, descriptions: never ids or times). */
export interface FitTo {
  columns: number;
  cuttable: (i: number) => boolean;
}

/**
 * Column widths that fit a terminal, as gh fits its tables: the widest cuttable column gives up what is too
 * much, down to MIN_CUT, then the next widest; what cannot be cut is left whole, even if the line still wraps.
 */
function fitWidths(widths: number[], fit: FitTo): number[] {
  const fitted = [...widths];
  const total = (): number => fitted.reduce((a, b) => a + b, 0) + GAP * (fitted.length - 1);
  while (total() > fit.columns) {
    let widest = -1;
    for (let i = 0; i < fitted.length; i++) {
      if (fit.cuttable(i) && fitted[i]! > MIN_CUT && (widest < 0 || fitted[i]! > fitted[widest]!)) widest = i;
    }
    if (widest < 0) break;
    fitted[widest] = Math.max(MIN_CUT, fitted[widest]! - (total() - fit.columns));
  }
  return fitted;
}

/** `fit`: a terminal to cut long cells for (on a terminal only; never in a pipe or a file). */
export function renderTable(header: string[] | undefined, rows: string[][], style: TableStyle = {}, fit?: FitTo): string {
  const all = header ? [header, ...rows] : rows;
  let cells = all.map((r) => r.map(safeText));
  let widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, displayWidth(c)); });
  if (fit !== undefined && fit.columns > 0) {
    const fitted = fitWidths(widths, fit);
    if (fitted.some((w, i) => w < widths[i]!)) {
      cells = cells.map((r) => r.map((c, i) => truncateToWidth(c, fitted[i]!)));
      widths = fitted;
    }
  }
  const lines = cells.map((r, ri) => {
    const isHeader = header !== undefined && ri === 0;
    const parts = r.map((c, i) => {
      const padded = i < r.length - 1 ? c + ' '.repeat(widths[i]! - displayWidth(c) + GAP) : c;
      if (isHeader && style.header) return style.header(padded);
      if (!isHeader && i === 0 && style.firstColumn) return style.firstColumn(c) + padded.slice(c.length);
      return padded;
    });
    return parts.join('').trimEnd();
  });
  return lines.map((l) => `${l}\n`).join('');
}
