import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import bidiFactory from 'bidi-js';
import PDFDocument from 'pdfkit';

/**
 * PDF documents (receipts, statements) with pdfkit. Text is written one line at a time:
 * each line is split into runs by font (IBM Plex Sans Arabic's Arabic, Latin and Latin
 * extended files, OFL, from npm: one glyph per letter form, so a copied or searched
 * document reads the right letters) and by bidi level (bidi-js, the Unicode Bidirectional
 * Algorithm), the runs are put in visual order, and fontkit shapes each Arabic run (joined
 * letters, ligatures). A right-to-left document aligns its lines on the right margin.
 */

const require = createRequire(import.meta.url);
const FONT_FILES = {
  arabic: '@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-400-normal.woff',
  latin: '@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-latin-400-normal.woff',
  'latin-ext': '@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-latin-ext-400-normal.woff',
  'arabic-bold': '@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-700-normal.woff',
  'latin-bold': '@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-latin-700-normal.woff',
  'latin-ext-bold': '@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-latin-ext-700-normal.woff',
} as const;
type FontName = keyof typeof FONT_FILES;

let fonts: Record<FontName, Buffer> | null = null;
const loadFonts = () =>
  (fonts ??= Object.fromEntries(Object.entries(FONT_FILES).map(([name, file]) => [name, readFileSync(require.resolve(file))])) as Record<
    FontName,
    Buffer
  >);

const bidi = bidiFactory();

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]/;
const ISOLATES = /[\u2066-\u2069]/;
const LATIN_EXT = /[\u0100-\u02BA\u1E00-\u1EFF\u2C60-\u2C7F\uA720-\uA7FF]/;

function fontOf(char: string, bold: boolean): FontName {
  const subset = ARABIC.test(char) ? 'arabic' : LATIN_EXT.test(char) ? 'latin-ext' : 'latin';
  return bold ? `${subset}-bold` : subset;
}

interface Run {
  text: string;
  font: FontName;
}

/**
 * A line's runs in visual order (left to right). A right-to-left run of Arabic letters keeps
 * its logical order: fontkit shapes it and lays it out right to left itself. Other
 * right-to-left runs (spaces, punctuation) are reversed here, their brackets mirrored.
 */
export function visualRuns(raw: string, direction: 'ltr' | 'rtl', bold = false): Run[] {
  // Directional marks other than isolates (dates formatted by Intl carry some) are the bidi
  // step's job here; isolates (LRI … PDI around an amount) steer it, and are not drawn.
  const text = raw.replace(/[\u061C\u200E\u200F\u202A-\u202E]/g, '');
  if (!text) return [];
  const embedding = bidi.getEmbeddingLevels(text, direction);
  const { levels } = embedding;
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  const order = bidi.getReorderedIndices(text, embedding).filter((index) => !ISOLATES.test(text[index]!));
  const runs: Array<{ indices: number[]; font: FontName; level: number }> = [];
  for (const index of order) {
    const char = text[index]!;
    const font = fontOf(char, bold);
    const level = levels[index]!;
    const last = runs.at(-1);
    const step = level % 2 === 1 ? -1 : 1;
    if (last && last.font === font && last.level === level && last.indices.at(-1)! + step === index) last.indices.push(index);
    else runs.push({ indices: [index], font, level });
  }
  return runs.map(({ indices, font, level }) => {
    const chars = indices.map((i) => mirrored.get(i) ?? text[i]!);
    // Arabic letters: logical order for the shaper, which reverses them as it lays them out.
    const ordered = level % 2 === 1 && font.startsWith('arabic') ? chars.reverse().join('') : chars.join('');
    return { text: ordered, font };
  });
}

export interface PdfWriter {
  /** One line of text at the current position, aligned to the reading start (or `align`). */
  line: (text: string, options?: { size?: number; bold?: boolean; align?: 'start' | 'end' | 'center'; gap?: number }) => void;
  /** A label and its value on one line: the label at the reading start, the value at its end. */
  row: (label: string, value: string, options?: { bold?: boolean; size?: number }) => void;
  /** A horizontal rule. */
  rule: () => void;
  space: (points?: number) => void;
}

/**
 * Writes a one-column A4 document and answers its bytes. `direction` 'rtl' mirrors the page:
 * lines start on the right.
 */
export async function renderPdf(
  meta: { title: string; language: string; direction: 'ltr' | 'rtl' },
  draw: (writer: PdfWriter) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: meta.title }, lang: meta.language, compress: true });
  for (const [name, data] of Object.entries(loadFonts())) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;
  let y = doc.page.margins.top;

  const measure = (runs: Run[], size: number) =>
    runs.reduce((width, run) => width + doc.font(run.font).fontSize(size).widthOfString(run.text), 0);
  const place = (runs: Run[], x: number, size: number) => {
    let at = x;
    for (const run of runs) {
      doc.font(run.font).fontSize(size).text(run.text, at, y, { lineBreak: false });
      at += doc.widthOfString(run.text);
    }
  };
  const ensureRoom = (height: number) => {
    if (y + height <= bottom) return;
    doc.addPage();
    y = doc.page.margins.top;
  };
  const startX = (width: number, align: 'start' | 'end' | 'center') => {
    if (align === 'center') return (left + right - width) / 2;
    const atRight = (align === 'end') !== (meta.direction === 'rtl');
    return atRight ? right - width : left;
  };

  const writer: PdfWriter = {
    line: (text, { size = 11, bold = false, align = 'start', gap = 4 } = {}) => {
      const height = size * 1.6;
      ensureRoom(height);
      const runs = visualRuns(text, meta.direction, bold);
      place(runs, startX(measure(runs, size), align), size);
      y += height + gap;
    },
    row: (label, value, { bold = false, size = 11 } = {}) => {
      const height = size * 1.6;
      ensureRoom(height);
      const labelRuns = visualRuns(label, meta.direction, bold);
      const valueRuns = visualRuns(value, meta.direction, bold);
      place(labelRuns, startX(measure(labelRuns, size), 'start'), size);
      place(valueRuns, startX(measure(valueRuns, size), 'end'), size);
      y += height + 2;
    },
    rule: () => {
      ensureRoom(12);
      doc
        .moveTo(left, y + 4)
        .lineTo(right, y + 4)
        .lineWidth(0.5)
        .strokeColor('#888888')
        .stroke();
      y += 12;
    },
    space: (points = 10) => {
      y += points;
    },
  };
  draw(writer);
  doc.end();
  return done;
}
