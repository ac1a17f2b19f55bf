// Go's text/tabwriter as Alloy's printer configures it, plus Alloy's trimmer: the elastic tabstops
// that make `alloy fmt` align `=` and trailing comments. print.ts feeds it cells and control characters.

interface Cell {
  text: string;
  /** Width in code points. */
  width: number;
  /** Terminated by `\t` (not `\v`): an empty such cell still takes a column. */
  htab: boolean;
  /** Length of `text` up to the end of its last escaped (comment) part, which trimming must not touch. */
  keep: number;
}

/**
 * Go's text/tabwriter as Alloy configures it (minwidth 0, tabwidth 8, padding 1, pad ' ',
 * DiscardEmptyColumns | TabIndent), followed by Alloy's trimmer (no trailing spaces or tabs outside comments).
 * A column block is a run of consecutive lines that all have a cell in that column; `\f` ends every block.
 */
export class TabWriter {
  private lines: Cell[][] = [];
  private cells: Cell[] = [];
  private cell: Cell = { text: '', width: 0, htab: false, keep: 0 };
  private readonly output: string[] = [];

  write(text: string, escaped: boolean): void {
    if (text === '') return;
    this.cell.text += text;
    this.cell.width += codePoints(text);
    if (escaped) this.cell.keep = this.cell.text.length;
  }

  endCell(htab: boolean): void {
    this.cells.push({ ...this.cell, htab });
    this.cell = { text: '', width: 0, htab: false, keep: 0 };
  }

  endLine(flush: boolean): void {
    this.endCell(false);
    this.lines.push(this.cells);
    this.cells = [];
    if (flush) this.flush();
  }

  finish(): string {
    if (this.cell.text !== '') this.endCell(false);
    this.lines.push(this.cells);
    this.flush();
    return this.output.join('\n');
  }

  private flush(): void {
    this.format(0, this.lines.length, []);
    this.lines = [];
  }

  private format(line0: number, line1: number, widths: number[]): void {
    const column = widths.length;
    for (let at = line0; at < line1; at++) {
      if (column >= this.lines[at]!.length - 1) continue;
      this.writeLines(line0, at, widths);
      line0 = at;
      let width = 0;
      let discardable = true;
      for (; at < line1; at++) {
        const line = this.lines[at]!;
        if (column >= line.length - 1) break;
        const c = line[column]!;
        width = Math.max(width, c.width + 1);
        if (c.width > 0 || c.htab) discardable = false;
      }
      this.format(line0, at, [...widths, discardable ? 0 : width]);
      line0 = at;
    }
    this.writeLines(line0, line1, widths);
  }

  private writeLines(line0: number, line1: number, widths: number[]): void {
    for (let i = line0; i < line1; i++) {
      let text = '';
      let keep = 0;
      let useTabs = true; // leading empty cells (indentation) pad with tabs
      this.lines[i]!.forEach((c, j) => {
        if (c.text !== '') {
          useTabs = false;
          if (c.keep > 0) keep = text.length + c.keep;
          text += c.text;
        }
        if (j < widths.length) text += padding(c.width, widths[j]!, useTabs);
      });
      let end = text.length;
      while (end > keep && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      this.output.push(text.slice(0, end));
    }
  }
}

function padding(textWidth: number, cellWidth: number, useTabs: boolean): string {
  if (!useTabs) return ' '.repeat(cellWidth - textWidth);
  const rounded = Math.ceil(cellWidth / 8) * 8;
  return '\t'.repeat(Math.ceil((rounded - textWidth) / 8));
}

function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}
