// Contact details in messages, hidden from the other party until the booking is accepted:
// phone numbers (digits in Latin, Arabic-Indic or Eastern Arabic-Indic form, or spelled out
// in French, Arabic or English), e-mail addresses (including "at"/"arobase"/"dot"
// spellings), links and social handles. The stored text is never changed; masking is done
// when a message is read, so accepting the booking reveals what was written.

export type MaskedKind = 'phone' | 'email' | 'link' | 'handle';

export interface MaskResult {
  text: string;
  /** What was hidden, each kind once, in the order first met. */
  masked: MaskedKind[];
}

/** What stands for a hidden detail; the same in every language (the page explains it). */
export const MASK = '•••';

/** Digits of a phone number, at least: Tunisian numbers have 8, Moroccan and Algerian 10 (0 + 9). */
export const MIN_PHONE_DIGITS = 8;

interface Span {
  start: number;
  end: number;
  kind: MaskedKind;
}

// ── text normalisation (same length, so positions stay those of the original) ──

const ARABIC_INDIC_ZERO = 0x0660;
const EASTERN_ARABIC_INDIC_ZERO = 0x06f0;
const FULLWIDTH_ZERO = 0xff10;

/** One character to what it stands for when searching: digits to ASCII, Arabic letter variants to one form, Latin lower-cased. */
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
  for (const zero of [ARABIC_INDIC_ZERO, EASTERN_ARABIC_INDIC_ZERO, FULLWIDTH_ZERO]) {
    if (code >= zero && code <= zero + 9) return String(code - zero);
  }
  switch (ch) {
    case 'أ':
    case 'إ':
    case 'آ':
      return 'ا';
    case 'ة':
      return 'ه';
    case 'ى':
      return 'ي';
    case '＠':
      return '@';
    case '．':
    case '。':
      return '.';
  }
  const lower = ch.toLowerCase();
  // Accents off (é → e), one character for one, so positions stay.
  const bare = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return bare.length === 1 ? bare : lower.length === 1 ? lower : ch;
}

/** The text folded for matching, one UTF-16 unit for one, so a match's indices are the original's. */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text) {
    const folded = foldChar(ch);
    // Characters outside the BMP are two units: keep the width with a neutral filler.
    out += ch.length === 2 ? (folded.length === 2 ? folded : `${folded} `) : folded.slice(0, 1);
  }
  return out;
}

// ── spelled-out numbers ──

const UNITS: Record<string, number> = {
  // French
  zero: 0,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  // English
  oh: 0,
  nil: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
  // Arabic (folded: ة → ه, أ/إ/آ → ا), with the common masculine and feminine forms
  صفر: 0,
  واحد: 1,
  واحده: 1,
  اثنان: 2,
  اثنين: 2,
  اتنين: 2,
  جوج: 2,
  ثلاثه: 3,
  ثلاث: 3,
  تلاته: 3,
  اربعه: 4,
  اربع: 4,
  خمسه: 5,
  خمس: 5,
  سته: 6,
  ست: 6,
  سبعه: 7,
  سبع: 7,
  ثمانيه: 8,
  ثماني: 8,
  ثمان: 8,
  تمنيه: 8,
  تسعه: 9,
  تسع: 9,
};

/** Numbers of two digits said as one word (people read phone numbers in pairs in French). */
const TEENS: Record<string, number> = {
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  عشره: 10,
  عشر: 10,
};

const TENS: Record<string, number> = {
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  septante: 70,
  huitante: 80,
  octante: 80,
  nonante: 90,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** "double"/"triple" repeat the next digit ("double six" = 66), as people say numbers in English and French. */
const REPEAT: Record<string, number> = { double: 2, triple: 3 };

interface DigitUnit {
  digits: string;
  start: number;
  end: number;
}

/** A word of letters (Latin or Arabic) or a run of digits, with its position. */
interface Token {
  text: string;
  start: number;
  end: number;
  kind: 'word' | 'digits';
}

function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  // Arabic words may carry vowel marks and the tatweel; they do not change the word.
  const re = /[0-9]+|[a-z\u0621-\u0652]+/g;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const digits = /[0-9]/.test(m[0][0]!);
    tokens.push({
      text: digits ? m[0] : m[0].replace(/[\u064b-\u0652\u0640]/g, ''),
      start: m.index,
      end: m.index + m[0].length,
      kind: digits ? 'digits' : 'word',
    });
  }
  return tokens;
}

/** A word's value as a number word, with the Arabic "and" (و) in front allowed. */
function wordValue(word: string, table: Record<string, number>): number | undefined {
  if (word in table) return table[word];
  if (word.startsWith('و') && word.slice(1) in table) return table[word.slice(1)];
  return undefined;
}

// Between two parts of one phone number: spaces, dashes, dots, brackets, a plus, commas,
// stars… but no slash (dates: 12/03/2026) and no letters other than the joining words below.
const JOINER = /^[\s\-–—.()+,_|*#]*$/;
const JOINING_WORDS = new Set(['et', 'and', 'puis', 'then', 'و']);
/** Between the words of one spelled number ("soixante-dix-huit", "forty two"). */
const WITHIN = /^[\s-]*$/;

interface Parsed {
  value: number;
  end: number;
  /** Index of the token after the number. */
  next: number;
}

/**
 * The spelled numbers the words at `i` make, as people read phone numbers: single digits
 * ("zéro six", "صفر ستة"), pairs ("douze", "soixante-dix-huit", "quatre-vingt-douze",
 * "forty two") and repeats ("double six").
 */
function spelledNumber(tokens: Token[], folded: string, i: number): Parsed | null {
  const token = tokens[i];
  if (!token || token.kind !== 'word') return null;
  const joined = (a: Token, b: Token | undefined): b is Token => !!b && b.kind === 'word' && WITHIN.test(folded.slice(a.end, b.start));

  /** 0–19 at j: a digit word, a teen, or dix-sept… dix-neuf. */
  const below20 = (j: number): Parsed | null => {
    const t = tokens[j];
    if (!t || t.kind !== 'word') return null;
    const after = tokens[j + 1];
    if (t.text === 'dix' && joined(t, after)) {
      const unit = wordValue(after.text, UNITS);
      if (unit !== undefined && unit >= 7) return { value: 10 + unit, end: after.end, next: j + 2 };
    }
    const value = wordValue(t.text, TEENS) ?? wordValue(t.text, UNITS);
    return value === undefined ? null : { value, end: t.end, next: j + 1 };
  };

  /** A tens word, then "-et-" / "-" and what completes it. */
  const withTens = (tens: number, end: number, j: number): Parsed => {
    const last = tokens[j - 1]!;
    let k = j;
    if (joined(last, tokens[k]) && JOINING_WORDS.has(tokens[k]!.text)) k += 1;
    if (k < tokens.length && joined(tokens[k - 1]!, tokens[k])) {
      const rest = below20(k);
      // 60 and 80 take 10–19 (soixante-douze = 72); the others take 1–9.
      if (rest && rest.value > 0 && (rest.value < 10 || tens === 60 || tens === 80)) {
        return { value: tens + rest.value, end: rest.end, next: rest.next };
      }
    }
    return { value: tens, end, next: j };
  };

  const repeat = REPEAT[token.text];
  if (repeat) {
    const digit = tokens[i + 1] && tokens[i + 1]!.kind === 'word' ? wordValue(tokens[i + 1]!.text, UNITS) : undefined;
    if (digit !== undefined) return { value: Number(String(digit).repeat(repeat)), end: tokens[i + 1]!.end, next: i + 2 };
  }
  const tens = wordValue(token.text, TENS);
  if (tens !== undefined) return withTens(tens, token.end, i + 1);
  const after = tokens[i + 1];
  if (token.text === 'quatre' && joined(token, after) && after.text.startsWith('vingt')) return withTens(80, after.end, i + 2);
  return below20(i);
}

/**
 * The phone-number-like runs of a folded text: digit groups and number words joined only
 * by separators, at least MIN_PHONE_DIGITS digits long in all.
 */
function phoneSpans(folded: string): Span[] {
  const tokens = tokenize(folded);
  const units: (DigitUnit | null)[] = [];
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i]!;
    if (token.kind === 'digits') {
      units.push({ digits: token.text, start: token.start, end: token.end });
      i += 1;
      continue;
    }
    const spelled = spelledNumber(tokens, folded, i);
    if (spelled) {
      // "double zéro" is 00, not 0: a repeat keeps its leading zeros.
      const digits = REPEAT[token.text] ? String(spelled.value).padStart(REPEAT[token.text]!, '0') : String(spelled.value);
      units.push({ digits, start: token.start, end: spelled.end });
      i = spelled.next;
      continue;
    }
    // A joining word ("et", "and", "و") between two number parts does not break the run.
    units.push(JOINING_WORDS.has(token.text) ? { digits: '', start: token.start, end: token.end } : null);
    i += 1;
  }

  const spans: Span[] = [];
  let run: DigitUnit[] = [];
  const flush = () => {
    const withDigits = run.filter((u) => u.digits !== '');
    const count = withDigits.reduce((n, u) => n + u.digits.length, 0);
    if (count >= MIN_PHONE_DIGITS) {
      let start = withDigits[0]!.start;
      // A leading "+" is part of the number.
      if (folded[start - 1] === '+') start -= 1;
      spans.push({ start, end: withDigits.at(-1)!.end, kind: 'phone' });
    }
    run = [];
  };
  for (const unit of units) {
    if (!unit) {
      flush();
      continue;
    }
    const last = run.at(-1);
    if (last && !JOINER.test(folded.slice(last.end, unit.start))) flush();
    run.push(unit);
  }
  flush();
  return spans;
}

// ── e-mail addresses, links, handles ──

const TLDS =
  'com|net|org|info|biz|io|co|me|app|dev|page|link|ly|gl|to|ma|dz|tn|fr|be|ch|ca|de|es|it|uk|eu|us|ae|sa|eg|qa|ru|tk|ml|ga|cf|site|online|store|shop|xyz|live|email|mail';
const AT = String.raw`(?:\s*@\s*|\s*[\[({<]\s*(?:@|at|arobase?|chez|aroba)\s*[\])}>]\s*|\s+(?:at|arobase?|aroba|chez|ات|اط)\s+)`;
const DOT = String.raw`(?:\s*\.\s*|\s*[\[({<]\s*(?:\.|dot|point|nokta|نقطه)\s*[\])}>]\s*|\s+(?:dot|point|nokta|نقطه)\s+)`;
// In a bare domain the dot has no spaces around it: "bien. Me voilà" is a sentence, not a link.
const LINK_DOT = String.raw`(?:\.|\s*[\[({<]\s*(?:\.|dot|point|nokta|نقطه)\s*[\])}>]\s*|\s+(?:dot|point|nokta|نقطه)\s+)`;
// Bounded as in the standards (64 characters a local part, 63 a label, a few labels a
// host) so that no input makes a pattern try more than a short span from each position.
const LOCAL = String.raw`[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9])?`;
const LABEL = String.raw`[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`;
const MAIL_HOSTS = 'gmail|hotmail|yahoo|outlook|live|icloud|msn|aol|proton|protonmail|gmx|yandex|menara|laposte|orange|free|sfr';

/** Each pattern over the folded text; the first group, if any, is what to mask. */
const PATTERNS: { kind: MaskedKind; re: RegExp }[] = [
  // name@host.tld, name at host dot com, name (arobase) host [point] ma
  { kind: 'email', re: new RegExp(String.raw`(?<![a-z0-9._%+-])${LOCAL}${AT}${LABEL}(?:${DOT}${LABEL}){0,6}${DOT}(?:${TLDS})\b`, 'g') },
  // name at gmail (the host says it all)
  { kind: 'email', re: new RegExp(String.raw`(?<![a-z0-9._%+-])${LOCAL}${AT}(?:${MAIL_HOSTS})\b`, 'g') },
  // Links with a scheme or www.
  { kind: 'link', re: /\b(?:https?:\/\/|www\.)[^\s<>"']*[^\s<>"'.,;:!?)]/g },
  // Bare domains and their spelled forms: wa.me/2126…, exemple.ma, exemple dot com
  {
    kind: 'link',
    re: new RegExp(
      String.raw`(?<![a-z0-9@.-])${LABEL}(?:${LINK_DOT}${LABEL}){0,6}${LINK_DOT}(?:${TLDS})\b(?:/[^\s<>"']*[^\s<>"'.,;:!?)])?`,
      'g',
    ),
  },
  // @handle (not an e-mail: nothing of a word just before)
  { kind: 'handle', re: /(?<![a-z0-9._%+-])@[a-z0-9_](?:[a-z0-9._]{1,29})/g },
  // insta: amina.k, snap - amina_k, telegram = amina
  {
    kind: 'handle',
    re: /\b(?:instagram|insta|ig|snapchat|snap|telegram|tiktok|facebook|fb|messenger|whatsapp|viber|signal|skype|twitter)\s*[:=>-]+\s*@?([a-z0-9_](?:[a-z0-9._]{1,29}))/g,
  },
];

function patternSpans(folded: string): Span[] {
  const spans: Span[] = [];
  for (const { kind, re } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      if (m[0].length === 0) {
        re.lastIndex += 1;
        continue;
      }
      const start = m[1] !== undefined ? m.index + m[0].lastIndexOf(m[1]) : m.index;
      const end = m[1] !== undefined ? start + m[1].length : m.index + m[0].length;
      spans.push({ start, end, kind });
    }
  }
  return spans;
}

/** Overlapping spans merged; the earlier-found kind names the merged span. */
function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** Finds the contact details in a text (positions in the original). */
export function findContactDetails(text: string): Span[] {
  const folded = foldText(text);
  return merge([...patternSpans(folded), ...phoneSpans(folded)]);
}

/** The text with every contact detail replaced by MASK, and which kinds were hidden. */
export function maskContactDetails(text: string): MaskResult {
  const spans = findContactDetails(text);
  if (spans.length === 0) return { text, masked: [] };
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + MASK;
    at = span.end;
  }
  out += text.slice(at);
  return { text: out, masked: [...new Set(spans.map((span) => span.kind))] };
}
