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
    /** `text` ends with a space or tab, which the trimmer may have to remove. */
    readonly blankEnd: boolean,
  ) {}
}

/** Indentation is an empty `\t` cell; cells are never changed once ended, so one object serves them all. */
const indentCell = new Cell('', 0, true, 0, false);

/**
 * Go's text/tabwriter as Alloy configures it (minwidth 0, tabwidth 8, padding 1, pad ' ',
 * DiscardEmptyColumns | TabIndent), followed by Alloy's trimmer (no trailing spaces or tabs outside comments).
 * A column block is a run of consecutive lines that all have a cell in that column; `\f` ends every block.
 */
export class TabWriter {
  /**
   * Cells of the lines not yet flushed, all in one array (no array per line): line i is
   * cells[starts[i]] up to cells[starts[i + 1]]. Flushing resets counts: setting an array's length is slow.
   */
  private readonly cells: Cell[] = [];
  private cellCount = 0;
  private readonly starts: number[] = [0];
  private lineCount = 0;
  /** Column widths while formatting, reused across flushes. */
  private readonly widths: number[] = [];
  /** The open cell: its text so far, its `keep` and `blankEnd` (see Cell). */
  private text = '';
  private keep = 0;
  private blankEnd = false;
  private readonly output: string[] = [];

  write(text: string): void {
    if (text === '') return;
    this.text += text;
    const last = text.charCodeAt(text.length - 1);
    this.blankEnd = last === 32 || last === 9;
  }

  /** Text that does not end with a space or tab (a token): no need to look at its last character. */
  writeWord(text: string): void {
    if (text === '') return;
    this.text += text;
    this.blankEnd = false;
  }

  /** A single space, the printer's commonest write. */
  space(): void {
    this.text += ' ';
    this.blankEnd = true;
  }

  /** Text that trimming must keep whole (a comment). */
  writeEscaped(text: string): void {
    if (text === '') return;
    this.text += text;
    this.keep = this.text.length;
    this.blankEnd = false; // trimming stops at `keep`
  }

  endCell(htab: boolean): void {
    const text = this.text;
    this.cells[this.cellCount++] = text === '' && htab ? indentCell : new Cell(text, codePoints(text), htab, this.keep, this.blankEnd);
    this.text = '';
    this.keep = 0;
    this.blankEnd = false;
  }

  /** `count` empty `\t` cells: indentation, written while the line has nothing else yet. */
  indent(count: number): void {
    for (let i = 0; i < count; i++) this.cells[this.cellCount++] = indentCell;
  }

  endLine(flush: boolean): void {
    this.closeLine(true);
    if (flush) this.flush();
  }

  /** The text, with a final newline when `finalNewline` (cheaper than appending one to the result). */
  finish(finalNewline = false): string {
    this.closeLine(this.text !== ''); // Go's Flush ends the open cell only when it holds text
    this.flush();
    if (finalNewline) this.output.push('');
    return this.output.join('\n');
  }

  /** The last cell of a line never takes part in a column, so its width is not needed. */
  private closeLine(endCell: boolean): void {
    if (endCell) {
      const text = this.text;
      this.cells[this.cellCount++] = text === '' ? emptyLast : new Cell(text, 0, false, this.keep, this.blankEnd);
      this.text = '';
      this.keep = 0;
      this.blankEnd = false;
    }
    this.starts[++this.lineCount] = this.cellCount;
  }

  private flush(): void {
    if (this.lineCount === 1) {
      // Most flushes hold one line (`\f` follows every block header): each of its cells is then a column
      // block of its own, so format's recursion comes down to these widths.
      const widths = this.widths;
      const cells = this.cells;
      const n = this.cellCount - 1;
      for (let j = 0; j < n; j++) {
        const c = cells[j]!;
        widths[j] = c.width > 0 || c.htab ? c.width + 1 : 0;
      }
      this.writeLines(0, 1, n);
    } else {
      this.format(0, this.lineCount, 0);
    }
    this.lineCount = 0;
    this.cellCount = 0;
  }

  /** Cells of `widths` below `column` hold the widths of the enclosing column blocks. */
  private format(line0: number, line1: number, column: number): void {
    const starts = this.starts;
    const cells = this.cells;
    for (let at = line0; at < line1; at++) {
      if (column >= starts[at + 1]! - starts[at]! - 1) continue;
      this.writeLines(line0, at, column);
      line0 = at;
      let width = 0;
      let discardable = true;
      for (; at < line1; at++) {
        const start = starts[at]!;
        if (column >= starts[at + 1]! - start - 1) break;
        const c = cells[start + column]!;
        if (c.width + 1 > width) width = c.width + 1;
        if (c.width > 0 || c.htab) discardable = false;
      }
      this.widths[column] = discardable ? 0 : width;
      this.format(line0, at, column + 1);
      line0 = at;
    }
    this.writeLines(line0, line1, column);
  }

  /** Writes lines line0..line1 with the first `columns` entries of `widths`. */
  private writeLines(line0: number, line1: number, columns: number): void {
    const cells = this.cells;
    const widths = this.widths;
    for (let i = line0; i < line1; i++) {
      const start = this.starts[i]!;
      const end = this.starts[i + 1]!;
      // Leading empty cells (indentation) pad with tabs to the next tab stop (Go's TabIndent, tabwidth 8):
      // count them all, then write them as one string.
      let j = start;
      let leadingTabs = 0;
      for (; j < end && cells[j]!.text === ''; j++) {
        if (j - start < columns) leadingTabs += (widths[j - start]! + 7) >> 3; // empty text: whole tab stops
      }
      if (j === end) {
        this.output.push(''); // nothing but tabs, all trimmed
        continue;
      }
      let text = leadingTabs === 0 ? '' : tabs[leadingTabs] ?? '\t'.repeat(leadingTabs);
      let keep = 0;
      // Whether the text ends with a space or tab so far: only then does the trimmer need to look at it.
      let blankEnd = false;
      for (; j < end; j++) {
        const c = cells[j]!;
        if (c.keep > 0) keep = text.length + c.keep;
        if (c.text !== '') {
          text += c.text;
          blankEnd = c.blankEnd;
        }
        if (j - start < columns) {
          const pad = widths[j - start]! - c.width;
          if (pad > 0) {
            text += spaces(pad);
            blankEnd = true;
          }
        }
      }
      if (!blankEnd) {
        this.output.push(text);
        continue;
      }
      // Alloy's trimmer: no trailing spaces or tabs, except inside a comment.
      let last = text.length;
      while (last > keep && (text.charCodeAt(last - 1) === 32 || text.charCodeAt(last - 1) === 9)) last--;
      this.output.push(last === text.length ? text : text.slice(0, last));
    }
  }
}

/** An empty last cell (a line ending in a control character); like indentCell, shared. */
const emptyLast = new Cell('', 0, false, 0, false);

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
