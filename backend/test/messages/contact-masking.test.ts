import { describe, expect, it } from 'vitest';
import { MASK, findContactDetails, foldText, maskContactDetails } from '../../src/modules/messages/contact-masking';

const masked = (text: string) => maskContactDetails(text).text;
const kinds = (text: string) => maskContactDetails(text).masked;

describe('contact masking: phone numbers', () => {
  it.each([
    ['Moroccan mobile, plain', 'Appelez-moi au 0612345678 demain', `Appelez-moi au ${MASK} demain`],
    ['Moroccan, in pairs', 'mon numéro : 06 12 34 56 78.', `mon numéro : ${MASK}.`],
    ['Moroccan, dots', '06.12.34.56.78', MASK],
    ['Moroccan, dashes', '06-12-34-56-78 merci', `${MASK} merci`],
    ['Moroccan, international', 'whatsapp +212 6 12 34 56 78', `whatsapp ${MASK}`],
    ['Moroccan, 00 prefix and brackets', '00212 (0)6 12 34 56 78', MASK],
    ['Algerian mobile', 'appelle 0551 23 45 67', `appelle ${MASK}`],
    ['Algerian, international', '+213 551 234 567', MASK],
    ['Tunisian, 8 digits', 'mon numéro 22 123 456', `mon numéro ${MASK}`],
    ['Tunisian, international', '+216 98 765 432', MASK],
    ['French, international', '+33 6 12 34 56 78', MASK],
    ['Arabic-Indic digits', 'رقمي ٠٦١٢٣٤٥٦٧٨', `رقمي ${MASK}`],
    ['Eastern Arabic-Indic digits', 'رقمي ۰۶۱۲۳۴۵۶۷۸', `رقمي ${MASK}`],
    ['mixed digit systems', '06 ١٢ 34 ۵۶ 78', MASK],
    ['spaced single digits', '0 6 1 2 3 4 5 6 7 8', MASK],
    ['stars and slashes', '06*12*34*56*78 / ok', `${MASK} / ok`],
  ])('%s', (_name, input, expected) => {
    expect(masked(input)).toBe(expected);
    expect(kinds(input)).toEqual(['phone']);
  });

  it.each([
    ['French digit words', 'zéro six un deux trois quatre cinq six sept huit', MASK],
    ['French pairs', 'zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit', MASK],
    ['French pairs with quatre-vingt', 'zero six quatre-vingt-douze soixante et onze vingt et un quatre-vingts', MASK],
    ['French, mixed with digits', 'c’est 06 douze 34 cinquante-six 78 voilà', `c’est ${MASK} voilà`],
    ['English digit words', 'call me: zero six one two three four five six seven eight', `call me: ${MASK}`],
    ['English with double', 'oh six double one two three four five six', MASK],
    ['English pairs', 'zero six twelve thirty-four fifty six seventy-eight', MASK],
    ['Arabic digit words', 'صفر ستة واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية', MASK],
    ['Arabic with "and" and vowel marks', 'صفر ستّة وواحد اثنين ثلاث اربعة خمس ست سبع تسعة', MASK],
    ['words and digits across languages', 'zéro 6 واحد two 3 4 cinq 6 7 8', MASK],
  ])('spelled out: %s', (_name, input, expected) => {
    expect(masked(input)).toBe(expected);
  });

  it('keeps prices, times, dates, quantities and short numbers', () => {
    for (const text of [
      'Le devis est de 1500 dh pour 3 pièces',
      'Je viens à 14h30 le 12/03/2026',
      'on se voit le 12 mars à 9 h',
      'deux ou trois heures, 2 500 dirhams',
      'J’ai 2 enfants et trois chats',
      'appartement de 120 m2 au 4e étage',
      'ستة أشخاص في البيت',
      'Code postal 10000, rue 45',
    ]) {
      expect(maskContactDetails(text)).toEqual({ text, masked: [] });
    }
  });

  it('finds the positions in the original text, whatever the digit system', () => {
    const text = 'رقمي ٠٦١٢٣٤٥٦٧٨ شكرا';
    const [span] = findContactDetails(text);
    expect(text.slice(span!.start, span!.end)).toBe('٠٦١٢٣٤٥٦٧٨');
    expect(foldText(text)).toHaveLength(text.length);
  });
});

describe('contact masking: e-mail addresses', () => {
  it.each([
    ['plain', 'écrivez à amina.k@gmail.com svp', `écrivez à ${MASK} svp`],
    ['upper case', 'AMINA@EXAMPLE.MA', MASK],
    ['spaces around @ and dot', 'amina @ gmail . com', MASK],
    ['"at" and "dot"', 'amina at gmail dot com', MASK],
    ['bracketed', 'amina[at]yahoo[dot]fr', MASK],
    ['arobase and point', 'amina arobase hotmail point fr', MASK],
    ['bracketed arobase', 'amina (arobase) menara (point) ma', MASK],
    ['only a well-known host', 'amina at gmail, tu trouveras', `${MASK}, tu trouveras`],
    ['full-width at', 'amina＠gmail．com', MASK],
    ['in Arabic text', 'راسلني على amina@outlook.fr من فضلك', `راسلني على ${MASK} من فضلك`],
    ['Arabic "dot"', 'amina @ gmail نقطة com', MASK],
  ])('%s', (_name, input, expected) => {
    expect(masked(input)).toBe(expected);
    expect(kinds(input)).toEqual(['email']);
  });

  it('leaves "at" in ordinary sentences', () => {
    for (const text of ['I will be there at noon', 'see you at home, ok?', 'Je suis chez moi ce soir']) {
      expect(kinds(text)).toEqual([]);
    }
  });
});

describe('contact masking: links and handles', () => {
  it.each([
    ['https link', 'voir https://exemple.ma/profil?id=3 pour les photos', `voir ${MASK} pour les photos`, 'link'],
    ['www', 'www.exemple.com', MASK, 'link'],
    ['bare domain', 'mon site: plomberie-rabat.ma', `mon site: ${MASK}`, 'link'],
    ['WhatsApp link', 'wa.me/212612345678', MASK, 'link'],
    ['spelled domain', 'plomberie dot com', MASK, 'link'],
    ['handle', 'suis-moi @amina_k sur insta', `suis-moi ${MASK} sur insta`, 'handle'],
    ['platform and colon', 'insta: amina.k', `insta: ${MASK}`, 'handle'],
    ['snap with a dash', 'snap - amina_k22', `snap - ${MASK}`, 'handle'],
    ['telegram', 'Telegram: @aminak', `Telegram: ${MASK}`, 'handle'],
  ])('%s', (_name, input, expected, kind) => {
    expect(masked(input)).toBe(expected);
    expect(kinds(input)).toEqual([kind]);
  });

  it('keeps sentences that only look like domains', () => {
    for (const text of ['Très bien. Me voilà', 'OK. Comment allez-vous ?', 'M. Alaoui viendra', 'un point important', 'prix: 300']) {
      expect(kinds(text)).toEqual([]);
    }
  });

  it('masks several details of different kinds in one message, in order', () => {
    const result = maskContactDetails('Tel 0612345678, mail a.b@c.ma, site https://x.ma, insta: ab_cd');
    expect(result.text).toBe(`Tel ${MASK}, mail ${MASK}, site ${MASK}, insta: ${MASK}`);
    expect(result.masked.sort()).toEqual(['email', 'handle', 'link', 'phone']);
  });

  it('returns an untouched text unchanged', () => {
    const text = 'Bonjour, je peux venir mardi matin. شكرا جزيلا';
    expect(maskContactDetails(text)).toEqual({ text, masked: [] });
  });
});
