// Borderless tables as ibmcloud draws them (`ibmcloud iam service-ids`): left-aligned columns, each as
// wide as its widest cell plus 3 spaces, trailing space trimmed. cli-table3 pads every cell and keeps trailing
// space, so this small renderer gives the exact form.
import { displayWidth } from './width.js';
import { safeText } from './safe.js';

export interface TableStyle {
  header?: (s: string) => string;
  firstColumn?: (s: string) => string;
}

const GAP = 3;

export function renderTable(header: string[] | undefined, rows: string[][], style: TableStyle = {}): string {
  const all = header ? [header, ...rows] : rows;
  const cells = all.map((r) => r.map(safeText));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, displayWidth(c)); });
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
