// Go's text/tabwriter as Alloy's printer configures it, plus Alloy's trimmer: the elastic tabstops
// that make `alloy fmt` align `=` and trailing comments. print.ts feeds it cells and control characters.

class Cell {
  constructor(
    readonly text: string,
    /** Width in code points; only measured for cells that can be in a column (not a line's last cell). */
    readonly width: number,
    /** Terminated by `\t` (not `\v`): an empty such cell still takes a column. */
    readonly htab: boolean,
    /** Length of `text` up to the end of its last escaped (comment) part, which trimming must not touch. */
    readonly keep: number,
  ) {}
}

/** Indentation is an empty `\t` cell; cells are never changed once ended, so one object serves them all. */
const indentCell = new Cell('', 0, true, 0);

/**
 * Go's text/tabwriter as Alloy configures it (minwidth 0, tabwidth 8, padding 1, pad ' ',
 * DiscardEmptyColumns | TabIndent), followed by Alloy's trimmer (no trailing spaces or tabs outside comments).
 * A column block is a run of consecutive lines that all have a cell in that column; `\f` ends every block.
 */
export class TabWriter {
  private readonly lines: Cell[][] = [];
  /** Column widths while formatting, reused across flushes. */
  private readonly widths: number[] = [];
  private cells: Cell[] = [];
  /** The open cell: its text so far and its `keep` (see Cell). */
  private text = '';
  private keep = 0;
  private readonly output: string[] = [];

  write(text: string): void {
    this.text += text;
  }

  /** Text that trimming must keep whole (a comment). */
  writeEscaped(text: string): void {
    this.text += text;
    if (text !== '') this.keep = this.text.length;
  }

  endCell(htab: boolean): void {
    const text = this.text;
    this.cells.push(text === '' && htab ? indentCell : new Cell(text, codePoints(text), htab, this.keep));
    this.text = '';
    this.keep = 0;
  }

  /** `count` empty `\t` cells: indentation, written while the line has nothing else yet. */
  indent(count: number): void {
    for (let i = 0; i < count; i++) this.cells.push(indentCell);
  }

  endLine(flush: boolean): void {
    this.closeLine(true);
    if (flush) this.flush();
  }

  finish(): string {
    this.closeLine(this.text !== ''); // Go's Flush ends the open cell only when it holds text
    this.flush();
    return this.output.join('\n');
  }

  /** The last cell of a line never takes part in a column, so its width is not needed. */
  private closeLine(endCell: boolean): void {
    if (endCell) this.cells.push(new Cell(this.text, 0, false, this.keep));
    this.lines.push(this.cells);
    this.cells = [];
    this.text = '';
    this.keep = 0;
  }

  private flush(): void {
    const widths = this.widths;
    if (this.lines.length === 1) {
      // Most flushes hold one line (`\f` follows every block header): each of its cells is then a column
      // block of its own, so format's recursion comes down to these widths.
      const line = this.lines[0]!;
      for (let j = 0; j < line.length - 1; j++) {
        const c = line[j]!;
        widths.push(c.width > 0 || c.htab ? c.width + 1 : 0);
      }
      this.writeLines(0, 1, widths);
      widths.length = 0;
    } else {
      this.format(0, this.lines.length, widths); // leaves `widths` empty
    }
    this.lines.length = 0;
  }

  private format(line0: number, line1: number, widths: number[]): void {
    const column = widths.length;
    const lines = this.lines;
    for (let at = line0; at < line1; at++) {
      if (column >= lines[at]!.length - 1) continue;
      this.writeLines(line0, at, widths);
      line0 = at;
      let width = 0;
      let discardable = true;
      for (; at < line1; at++) {
        const line = lines[at]!;
        if (column >= line.length - 1) break;
        const c = line[column]!;
        if (c.width + 1 > width) width = c.width + 1;
        if (c.width > 0 || c.htab) discardable = false;
      }
      widths.push(discardable ? 0 : width);
      this.format(line0, at, widths);
      widths.pop();
      line0 = at;
    }
    this.writeLines(line0, line1, widths);
  }

  private writeLines(line0: number, line1: number, widths: readonly number[]): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      // Leading empty cells (indentation) pad with tabs to the next tab stop (Go's TabIndent, tabwidth 8):
      // count them all, then write them as one string.
      let j = 0;
      let leadingTabs = 0;
      for (; j < line.length && line[j]!.text === ''; j++) {
        if (j < widths.length) leadingTabs += Math.ceil(widths[j]! / 8); // empty text: whole tab stops
      }
      let text = leadingTabs === 0 ? '' : tabs[leadingTabs] ?? '\t'.repeat(leadingTabs);
      let keep = 0;
      for (; j < line.length; j++) {
        const c = line[j]!;
        if (c.keep > 0) keep = text.length + c.keep;
        text += c.text;
        if (j < widths.length) text += spaces(widths[j]! - c.width);
      }
      // Alloy's trimmer: no trailing spaces or tabs, except inside a comment.
      let end = text.length;
      while (end > keep && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
      this.output.push(end === text.length ? text : text.slice(0, end));
    }
  }
}

const tabs = Array.from({ length: 16 }, (_, n) => '\t'.repeat(n));
const spaceStrings = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));

function spaces(count: number): string {
  return spaceStrings[count] ?? ' '.repeat(count);
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
