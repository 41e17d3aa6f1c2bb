// Generated demo content: enough providers and services for search, filters and paging to
// mean something locally (60 providers, 300 services with the hand-written ones), in the
// three languages. A fixed-seed generator: every run produces the same rows.
import type { DemoProvider } from './demo-data';
import { CATEGORIES, CITIES } from './reference-data';

/** mulberry32: tiny, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Yassine',
  'Khadija',
  'Omar',
  'Salma',
  'Hamza',
  'Meryem',
  'Anas',
  'Imane',
  'Mehdi',
  'Zineb',
  'Ayoub',
  'Houda',
  'Reda',
  'Nora',
  'Bilal',
  'Sara',
  'Adil',
  'Laila',
];
const LAST = [
  'Alaoui',
  'Bennani',
  'Cherkaoui',
  'Daoudi',
  'El Fassi',
  'Filali',
  'Guessous',
  'Haddad',
  'Idrissi',
  'Jabri',
  'Kettani',
  'Lahlou',
  'Mansouri',
  'Naciri',
  'Ouazzani',
  'Rami',
  'Sebti',
  'Tazi',
];

const TEMPLATES: { fr: (n: string) => string; ar: (n: string) => string; en: (n: string) => string }[] = [
  { fr: (n) => `${n} à domicile`, ar: (n) => `${n} في المنزل`, en: (n) => `${n} at home` },
  { fr: (n) => `${n} rapide et soigné`, ar: (n) => `${n} بسرعة وإتقان`, en: (n) => `Fast, careful ${n.toLowerCase()}` },
  { fr: (n) => `${n} par un professionnel`, ar: (n) => `${n} على يد محترف`, en: (n) => `Professional ${n.toLowerCase()}` },
  { fr: (n) => `${n} le jour même`, ar: (n) => `${n} في نفس اليوم`, en: (n) => `Same-day ${n.toLowerCase()}` },
];
const DESCRIPTIONS = {
  fr: 'Intervention soignée, matériel fourni, devis clair avant de commencer.',
  ar: 'عمل متقن، المعدات متوفرة، وثمن واضح قبل البدء.',
  en: 'Careful work, equipment provided, a clear price before we start.',
};

type Lang = 'fr' | 'ar' | 'en';
const LANGS: Lang[] = ['fr', 'ar', 'en'];
const leaves = CATEGORIES.flatMap((top) => top.children.map((child) => ({ slug: child.slug, name: child.name })));

export function generateDemoProviders({
  providers = 54,
  servicesTotal = 288,
}: { providers?: number; servicesTotal?: number } = {}): DemoProvider[] {
  const random = prng(20261129);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const result: DemoProvider[] = [];
  let made = 0;
  for (let i = 0; i < providers; i++) {
    const main = LANGS[i % 3]!;
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const count = Math.round((servicesTotal - made) / (providers - i));
    const services: DemoProvider['services'] = [];
    const speciality = leaves[(i * 5) % leaves.length]!;
    for (let j = 0; j < count; j++) {
      const leaf = j < 2 ? speciality : pick(leaves);
      const template = TEMPLATES[(i + j) % TEMPLATES.length]!;
      const [fr, ar, en] = leaf.name;
      const titles = { fr: template.fr(fr), ar: template.ar(ar), en: template.en(en) };
      const priceModel = random() < 0.1 ? 'quote' : random() < 0.35 ? 'hourly' : 'fixed';
      services.push({
        slug: `demo-${i + 1}-${j + 1}-${leaf.slug}`,
        category: leaf.slug,
        title: titles[main],
        description: DESCRIPTIONS[main],
        locale: main,
        priceModel,
        priceMinor: priceModel === 'quote' ? 0 : (5 + Math.floor(random() * 60)) * 1000,
        durationMinutes: [60, 90, 120, 180, 240][Math.floor(random() * 5)]!,
        translations: Object.fromEntries(
          LANGS.filter((l) => l !== main).map((l) => [l, { title: titles[l], description: DESCRIPTIONS[l] }]),
        ),
      });
    }
    made += count;
    result.push({
      email: `provider${String(i + 1).padStart(2, '0')}@demo.khadamat.ma`,
      name,
      city: CITIES[i % CITIES.length]!.slug,
      languages: main === 'fr' ? 'fr,ar' : main === 'ar' ? 'ar,fr' : 'en,fr,ar',
      bio: DESCRIPTIONS[main],
      services,
    });
  }
  return result;
}
