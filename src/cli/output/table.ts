// Borderless tables as ibmcloud draws them: left-aligned columns, each as wide as its widest cell plus 3 spaces,
// trailing space trimmed. cli-table3 lays them out (no border characters, no padding, 3 spaces between columns;
// it measures wide characters as two columns and colour codes as none); each line is trimmed after.
import Table from 'cli-table3';
import { safeText } from './safe.js';

export interface TableStyle {
  header?: (s: string) => string;
  firstColumn?: (s: string) => string;
}

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '   ',
};

export function renderTable(header: string[] | undefined, rows: string[][], style: TableStyle = {}): string {
  const table = new Table({ chars: NO_BORDER, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
  const { header: head = (s: string) => s, firstColumn: first = (s: string) => s } = style;
  // Styles are colour codes, which take no column: applied before the layout, they leave the padding as it is.
  if (header) table.push(header.map((c) => (c === '' ? c : head(safeText(c)))));
  for (const r of rows) table.push(r.map((c, i) => (i === 0 && c !== '' ? first(safeText(c)) : safeText(c))));
  if (table.length === 0) return '';
  return table.toString().split('\n').map((l) => `${l.trimEnd()}\n`).join('');
}
