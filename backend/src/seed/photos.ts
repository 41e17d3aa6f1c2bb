// Demo photos drawn in code: one illustration per top-level category (its colours, a
// pictogram of the trade, a zellige-like pattern) in a few layouts, rendered by sharp
// from SVG. Shapes only, no text: nothing to download, no font to find, and the same
// pixels on every machine.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { prng } from './generated-demo';
import { CATEGORIES } from './reference-data';

// 1200 px wide: the upload pipeline adds its 320w and 800w copies (1600w would be an enlargement).
export const PHOTO_WIDTH = 1200;
export const PHOTO_HEIGHT = 800;
/** Layouts per category: 12 categories × 3 give 36 pictures for the demo services. */
export const PHOTO_LAYOUTS = 3;

interface Colors {
  deep: string;
  mid: string;
  light: string;
  accent: string;
  accentDeep: string;
  card: string;
}

/** Hue and saturation of each category's palette, and the hue of its accent colour. */
const PALETTES: Record<string, { hue: number; sat: number; accent: number }> = {
  cleaning: { hue: 168, sat: 48, accent: 200 },
  plumbing: { hue: 212, sat: 58, accent: 195 },
  electricity: { hue: 42, sat: 78, accent: 50 },
  painting: { hue: 330, sat: 52, accent: 28 },
  'air-conditioning': { hue: 195, sat: 62, accent: 210 },
  carpentry: { hue: 26, sat: 52, accent: 32 },
  moving: { hue: 250, sat: 42, accent: 36 },
  gardening: { hue: 118, sat: 40, accent: 16 },
  tutoring: { hue: 276, sat: 40, accent: 44 },
  beauty: { hue: 345, sat: 55, accent: 300 },
  'appliance-repair': { hue: 222, sat: 24, accent: 190 },
  masonry: { hue: 14, sat: 50, accent: 8 },
};
const DEFAULT_PALETTE = { hue: 200, sat: 30, accent: 30 };

function hsl(hue: number, sat: number, light: number): string {
  const h = (((hue % 360) + 360) % 360) / 360;
  const s = Math.min(100, Math.max(0, sat)) / 100;
  const l = Math.min(100, Math.max(0, light)) / 100;
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const x = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    const v = x < 1 / 6 ? p + (q - p) * 6 * x : x < 1 / 2 ? q : x < 2 / 3 ? p + (q - p) * (2 / 3 - x) * 6 : p;
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(h + 1 / 3)}${channel(h)}${channel(h - 1 / 3)}`;
}

/** Pictograms in a 200×200 box. */
const PICTOGRAMS: Record<string, (c: Colors) => string> = {
  // A spray bottle and bubbles.
  cleaning: (c) => `
    <path d="M74 74 h48 l8 22 v80 a12 12 0 0 1 -12 12 h-40 a12 12 0 0 1 -12 -12 v-80 z" fill="${c.mid}"/>
    <rect x="86" y="52" width="26" height="24" rx="3" fill="${c.deep}"/>
    <path d="M76 30 h50 l16 12 v12 h-66 z" fill="${c.deep}"/>
    <path d="M80 54 l-12 24 h10 l12 -24 z" fill="${c.deep}"/>
    <rect x="82" y="112" width="36" height="46" rx="6" fill="${c.card}" opacity="0.85"/>
    <circle cx="156" cy="40" r="6" fill="${c.accent}"/><circle cx="170" cy="60" r="11" fill="${c.accent}" opacity="0.7"/>
    <circle cx="152" cy="78" r="5" fill="${c.accent}"/><circle cx="40" cy="140" r="14" fill="none" stroke="${c.accent}" stroke-width="5"/>
    <circle cx="30" cy="104" r="7" fill="none" stroke="${c.accent}" stroke-width="4"/>`,
  // A wrench and a drop of water.
  plumbing: (c) => `
    <g transform="rotate(40 100 100)">
      <rect x="89" y="70" width="22" height="112" rx="11" fill="${c.deep}"/>
      <circle cx="100" cy="58" r="32" fill="${c.deep}"/>
      <rect x="90" y="18" width="20" height="40" rx="3" fill="${c.card}"/>
      <circle cx="100" cy="166" r="5" fill="${c.card}"/>
    </g>
    <path d="M52 88 C52 88 26 120 26 140 a26 26 0 0 0 52 0 C78 120 52 88 52 88 Z" fill="${c.accent}"/>
    <path d="M40 138 a12 12 0 0 0 10 14" fill="none" stroke="${c.card}" stroke-width="5" stroke-linecap="round" opacity="0.8"/>`,
  // A light bulb with a bolt.
  electricity: (c) => `
    <g stroke="${c.accent}" stroke-width="7" stroke-linecap="round">
      <line x1="100" y1="6" x2="100" y2="18"/><line x1="36" y1="32" x2="45" y2="41"/><line x1="164" y1="32" x2="155" y2="41"/>
      <line x1="14" y1="86" x2="27" y2="86"/><line x1="186" y1="86" x2="173" y2="86"/>
    </g>
    <circle cx="100" cy="84" r="56" fill="${c.accent}"/>
    <path d="M68 118 h64 l-8 22 h-48 z" fill="${c.accent}"/>
    <rect x="74" y="142" width="52" height="11" rx="5" fill="${c.deep}"/>
    <rect x="78" y="156" width="44" height="11" rx="5" fill="${c.deep}"/>
    <path d="M86 170 h28 l-5 12 h-18 z" fill="${c.deep}"/>
    <path d="M108 44 l-28 42 h18 l-8 32 l32 -46 h-18 l10 -28 z" fill="${c.deep}"/>`,
  // A paint roller and its stroke.
  painting: (c) => `
    <path d="M20 168 q40 -26 80 -6 t80 -8" fill="none" stroke="${c.accent}" stroke-width="16" stroke-linecap="round"/>
    <rect x="32" y="34" width="116" height="46" rx="14" fill="${c.accent}"/>
    <rect x="32" y="66" width="116" height="14" rx="7" fill="${c.accentDeep}" opacity="0.45"/>
    <path d="M48 78 v18 a7 7 0 0 0 14 0 v-18 z" fill="${c.accent}"/>
    <path d="M148 57 h14 a6 6 0 0 1 6 6 v34 a6 6 0 0 1 -6 6 h-58 v16" fill="none" stroke="${c.deep}" stroke-width="9" stroke-linejoin="round"/>
    <rect x="93" y="118" width="22" height="52" rx="9" fill="${c.deep}"/>`,
  // A snowflake.
  'air-conditioning': (c) => {
    const arm = `<line x1="100" y1="22" x2="100" y2="178"/><path d="M80 36 L100 54 L120 36 M80 164 L100 146 L120 164" fill="none"/>`;
    return `
    <g stroke="${c.deep}" stroke-width="11" stroke-linecap="round" stroke-linejoin="round">
      ${[0, 60, 120].map((angle) => `<g transform="rotate(${angle} 100 100)">${arm}</g>`).join('')}
    </g>
    <circle cx="100" cy="100" r="16" fill="${c.accent}"/>
    <circle cx="166" cy="168" r="7" fill="${c.accent}"/><circle cx="30" cy="40" r="5" fill="${c.accent}"/>`;
  },
  // A hammer over a wooden plank.
  carpentry: (c) => `
    <rect x="18" y="132" width="164" height="38" rx="6" fill="${c.accent}"/>
    <path d="M30 146 q40 -8 80 0 t64 0 M30 158 q30 6 60 0 t84 2" fill="none" stroke="${c.accentDeep}" stroke-width="3" opacity="0.6"/>
    <g transform="rotate(-28 100 84)">
      <rect x="91" y="54" width="18" height="92" rx="8" fill="${c.accentDeep}"/>
      <path d="M58 30 h70 a10 10 0 0 1 10 10 v16 a10 10 0 0 1 -10 10 h-70 l-14 -10 v-16 z" fill="${c.deep}"/>
    </g>`,
  // A removal truck.
  moving: (c) => `
    <rect x="16" y="52" width="110" height="84" rx="8" fill="${c.mid}"/>
    <rect x="44" y="72" width="44" height="44" rx="3" fill="${c.accent}"/>
    <rect x="62" y="72" width="9" height="44" fill="${c.accentDeep}" opacity="0.6"/>
    <path d="M130 76 h30 l24 30 v30 h-54 z" fill="${c.deep}"/>
    <path d="M138 84 h19 l16 20 h-35 z" fill="${c.card}"/>
    <rect x="12" y="134" width="176" height="11" rx="5" fill="${c.deep}"/>
    <circle cx="52" cy="152" r="18" fill="${c.deep}"/><circle cx="52" cy="152" r="7" fill="${c.card}"/>
    <circle cx="154" cy="152" r="18" fill="${c.deep}"/><circle cx="154" cy="152" r="7" fill="${c.card}"/>`,
  // A potted plant.
  gardening: (c) => `
    <path d="M100 116 V54" stroke="${c.deep}" stroke-width="7" stroke-linecap="round"/>
    <path d="M100 84 C68 82 48 58 46 28 C76 30 98 52 100 84 Z" fill="${c.mid}"/>
    <path d="M100 66 C130 64 150 42 154 14 C124 16 102 36 100 66 Z" fill="${c.deep}"/>
    <path d="M100 106 C78 106 64 92 60 74 C82 76 98 88 100 106 Z" fill="${c.light}"/>
    <path d="M64 124 h72 l-10 56 h-52 z" fill="${c.accent}"/>
    <rect x="56" y="112" width="88" height="18" rx="6" fill="${c.accentDeep}"/>`,
  // Books under a graduation cap.
  tutoring: (c) => `
    <rect x="28" y="146" width="136" height="26" rx="4" fill="${c.deep}"/><rect x="142" y="150" width="18" height="18" fill="${c.card}"/>
    <rect x="40" y="118" width="124" height="26" rx="4" fill="${c.accent}"/><rect x="44" y="122" width="18" height="18" fill="${c.card}"/>
    <rect x="22" y="90" width="128" height="26" rx="4" fill="${c.mid}"/><rect x="128" y="94" width="18" height="18" fill="${c.card}"/>
    <path d="M100 16 l62 24 l-62 24 l-62 -24 z" fill="${c.deep}"/>
    <path d="M68 52 v18 q32 16 64 0 v-18 l-32 12 z" fill="${c.deep}"/>
    <path d="M158 42 v30" stroke="${c.accent}" stroke-width="5" stroke-linecap="round"/><circle cx="158" cy="76" r="6" fill="${c.accent}"/>`,
  // A comb and scissors.
  beauty: (c) => `
    <rect x="26" y="26" width="148" height="24" rx="8" fill="${c.accent}"/>
    ${Array.from({ length: 13 }, (_, i) => `<rect x="${33 + i * 11}" y="44" width="6" height="34" rx="3" fill="${c.accent}"/>`).join('')}
    <g stroke="${c.deep}" stroke-linecap="round">
      <line x1="70" y1="150" x2="172" y2="96" stroke-width="12"/>
      <line x1="96" y1="170" x2="160" y2="88" stroke-width="12"/>
      <circle cx="56" cy="158" r="18" fill="none" stroke-width="9"/>
      <circle cx="88" cy="182" r="14" fill="none" stroke-width="9"/>
    </g>
    <circle cx="118" cy="128" r="5" fill="${c.card}"/>`,
  // A washing machine.
  'appliance-repair': (c) => `
    <rect x="42" y="18" width="116" height="164" rx="16" fill="${c.card}" stroke="${c.deep}" stroke-width="7"/>
    <path d="M42 58 v-24 a16 16 0 0 1 16 -16 h84 a16 16 0 0 1 16 16 v24 z" fill="${c.deep}"/>
    <circle cx="66" cy="38" r="7" fill="${c.accent}"/><rect x="104" y="33" width="38" height="10" rx="5" fill="${c.card}"/>
    <circle cx="100" cy="118" r="46" fill="${c.deep}"/><circle cx="100" cy="118" r="35" fill="${c.light}"/>
    <path d="M65 120 q17 -12 35 0 t35 0 v4 a35 35 0 0 1 -70 0 z" fill="${c.accent}"/>
    <circle cx="86" cy="102" r="7" fill="${c.card}" opacity="0.7"/>`,
  // A brick wall and a trowel.
  masonry: (c) => {
    const rows = [0, 1, 2].map((row) => {
      const y = 104 + row * 26;
      const offset = row % 2 ? -22 : 0;
      return Array.from({ length: 5 }, (_, i) => {
        const x = 18 + offset + i * 48;
        const left = Math.max(18, x);
        const right = Math.min(182, x + 44);
        return right > left
          ? `<rect x="${left}" y="${y}" width="${right - left}" height="22" rx="3" fill="${(row + i) % 3 ? c.accent : c.accentDeep}"/>`
          : '';
      }).join('');
    });
    return `${rows.join('')}
    <path d="M96 58 L178 20 L160 84 Z" fill="${c.mid}"/>
    <path d="M118 56 L84 42" stroke="${c.deep}" stroke-width="7" stroke-linecap="round"/>
    <rect x="30" y="26" width="58" height="18" rx="9" fill="${c.deep}" transform="rotate(22 59 35)"/>`;
  },
};

/** A decorative tile per layout: eight-pointed stars, arches, dots. */
function patternTile(layout: number): { size: number; body: string } {
  if (layout === 0) {
    return {
      size: 96,
      body: `<rect x="30" y="30" width="36" height="36"/><rect x="30" y="30" width="36" height="36" transform="rotate(45 48 48)"/>`,
    };
  }
  if (layout === 1) {
    return { size: 120, body: `<path d="M20 110 V60 a40 40 0 0 1 80 0 V110 h-12 V62 a28 28 0 0 0 -56 0 V110 z"/>` };
  }
  return { size: 56, body: `<circle cx="14" cy="14" r="5"/><circle cx="42" cy="42" r="5"/>` };
}

export interface DemoPhoto {
  /** Category slug (top level). */
  category: string;
  layout: number;
  svg: string;
  /** Stable name: category, layout and a digest of the drawing, so a redrawn picture is a new photo. */
  name: string;
}

/** The SVG of one category's picture in one layout. */
export function demoPhotoSvg({ category, layout }: { category: string; layout: number }): string {
  const palette = PALETTES[category] ?? DEFAULT_PALETTE;
  const hue = palette.hue + [0, -14, 10][layout % 3]!;
  const c: Colors = {
    deep: hsl(hue, palette.sat + 10, 30),
    mid: hsl(hue, palette.sat + 8, 48),
    light: hsl(hue, palette.sat, 74),
    accent: hsl(palette.accent, 78, 56),
    accentDeep: hsl(palette.accent, 70, 38),
    card: '#fffdf8',
  };
  const pictogram = (PICTOGRAMS[category] ?? PICTOGRAMS.cleaning!)(c);
  const random = prng([...category].reduce((sum, ch) => sum * 31 + ch.charCodeAt(0), layout + 1) >>> 0);
  const tile = patternTile(layout % 3);
  // Centre and size of the card, its tilt, and the direction of the background gradient.
  const [cx, cy, r, tilt, gradient] = (
    [
      [600, 400, 250, 0, 'x1="0" y1="0" x2="1" y2="1"'],
      [430, 410, 240, -6, 'x1="1" y1="0" x2="0" y2="1"'],
      [780, 390, 230, 5, 'x1="0" y1="1" x2="1" y2="0"'],
    ] as const
  )[layout % 3]!;
  const scale = (r * 1.5) / 200;
  const sparkles = Array.from({ length: 7 }, () => {
    const x = Math.round(60 + random() * 1080);
    const y = Math.round(60 + random() * 680);
    const size = Math.round(6 + random() * 12);
    return Math.hypot(x - cx, y - cy) < r + 40
      ? ''
      : `<path d="M${x} ${y - size} L${x + size / 3} ${y - size / 3} L${x + size} ${y} L${x + size / 3} ${y + size / 3} L${x} ${y + size} L${x - size / 3} ${y + size / 3} L${x - size} ${y} L${x - size / 3} ${y - size / 3} Z" fill="${c.card}" opacity="0.7"/>`;
  }).join('');
  const card =
    layout % 3 === 1
      ? `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" rx="${r * 0.28}"`
      : `<circle cx="${cx}" cy="${cy}" r="${r}"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" viewBox="0 0 ${PHOTO_WIDTH} ${PHOTO_HEIGHT}">
  <defs>
    <linearGradient id="bg" ${gradient}>
      <stop offset="0" stop-color="${hsl(hue, palette.sat + 6, 86)}"/><stop offset="1" stop-color="${hsl(hue + 10, palette.sat + 4, 62)}"/>
    </linearGradient>
    <pattern id="tile" width="${tile.size}" height="${tile.size}" patternUnits="userSpaceOnUse">
      <g fill="#ffffff">${tile.body}</g>
    </pattern>
  </defs>
  <rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#bg)"/>
  <rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#tile)" opacity="0.16"/>
  <circle cx="${PHOTO_WIDTH - cx / 2}" cy="${PHOTO_HEIGHT + 60}" r="360" fill="${c.mid}" opacity="0.18"/>
  <circle cx="${cx / 3}" cy="-40" r="260" fill="#ffffff" opacity="0.16"/>
  ${sparkles}
  <g transform="rotate(${tilt} ${cx} ${cy})">
    ${card} transform="translate(0 22)" fill="${c.deep}" opacity="0.18"/>
    ${card} fill="${c.card}"/>
    <g transform="translate(${cx - 100 * scale} ${cy - 100 * scale}) scale(${scale})">${pictogram}</g>
  </g>
</svg>`;
}

/** Every demo picture: each top-level category in each layout. */
export function demoPhotos(): DemoPhoto[] {
  return CATEGORIES.flatMap((top) =>
    Array.from({ length: PHOTO_LAYOUTS }, (_, layout) => {
      const svg = demoPhotoSvg({ category: top.slug, layout });
      const digest = createHash('sha256').update(svg).digest('hex').slice(0, 10);
      return { category: top.slug, layout, svg, name: `demo-${top.slug}-${layout + 1}-${digest}.png` };
    }),
  );
}

/** The picture as a PNG, fast to write and to decode again (the upload pipeline re-encodes it to WebP). */
export function renderDemoPhoto(photo: Pick<DemoPhoto, 'svg'>): Promise<Buffer> {
  return sharp(Buffer.from(photo.svg)).png({ compressionLevel: 1 }).toBuffer();
}
