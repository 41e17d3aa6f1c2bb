// One normalisation for indexed text and for queries, so "Électricité", "electricites"
// and "ELECTRICITE" meet, and so do Arabic spellings with or without diacritics.

const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;

export function normalizeArabic(text: string): string {
  return text
    .replace(ARABIC_DIACRITICS, '')
    .replace(TATWEEL, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
}

const ARABIC_WORD = /^[\u0621-\u064A]+$/;
/** The Arabic definite article, alone or after و ب ك ف (and ل + ال = لل): "الزرابي" is found as "زرابي". */
const ARABIC_ARTICLE = /^(?:[وبكف]?ال|لل)/;

/** Light stems (not full stemmers): French/English plurals, the Arabic article. */
function stem(word: string): string {
  if (ARABIC_WORD.test(word)) {
    const bare = word.replace(ARABIC_ARTICLE, '');
    return bare.length >= 2 && bare !== word ? bare : word;
  }
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  if (word.endsWith('aux') && word.length > 4) return `${word.slice(0, -3)}al`;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') || word.endsWith('x')) return word.slice(0, -1);
  return word;
}

export function tokenize(text: string): string[] {
  const plain = normalizeArabic(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, ' ');
  return (plain.match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
}

export function normalizeForSearch(text: string): string {
  return tokenize(text).join(' ');
}
