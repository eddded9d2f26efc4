/**
 * Column alignment as kubectl prints tables: Go's text/tabwriter (the liggitt/tabwriter fork) configured by
 * cli-runtime's GetNewTabWriter with minwidth 6, tabwidth 4, padding 3, padchar ' ' and no flags that change
 * layout. Every cell but the last of a row is a column cell: a column is as wide as its widest cell plus 3
 * spaces, and never narrower than 6; the last cell of a row is written as is, so no line ends in spaces.
 *
 * Not modelled: tabwriter's column blocks for rows of different lengths (kubectl's rows all have the same
 * number of cells), cells holding tabs or newlines (kubectl truncates those at the first line break).
 */

/** cli-runtime pkg/printers/tabwriter.go: tabwriterMinWidth = 6, tabwriterPadding = 3. */
export const TABWRITER_MIN_WIDTH = 6;
export const TABWRITER_PADDING = 3;

/** Width of a cell as tabwriter counts it: UTF-8 runes (text/tabwriter updateWidth uses utf8.RuneCount). */
function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Lays out rows of cells the way kubectl's tabwriter does; returns the text with a newline after every row
 * ("" for no rows).
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const columns = Math.max(...rows.map((r) => r.length)) - 1;
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) {
    // text/tabwriter format(): width = max(minwidth, cell width + padding) over the column's cells.
    let w = TABWRITER_MIN_WIDTH;
    for (const r of rows) if (c < r.length - 1) w = Math.max(w, runeCount(r[c]!) + TABWRITER_PADDING);
    widths.push(w);
  }
  return rows
    .map((r) => r.map((cell, c) => (c < r.length - 1 ? cell + ' '.repeat(widths[c]! - runeCount(cell)) : cell)).join(''))
    .map((line) => `${line}\n`)
    .join('');
}
