// Demo marketplace content for local and staging environments: providers and their
// services. Deterministic (no randomness), so seeding twice changes nothing.

export interface DemoProvider {
  email: string;
  name: string;
  city: string;
  languages: string;
  bio: string;
  services: {
    slug: string;
    category: string;
    title: string;
    description: string;
    locale: 'fr' | 'ar' | 'en';
    priceModel: 'fixed' | 'hourly' | 'quote';
    priceMinor: number;
    durationMinutes: number;
    translations?: Record<string, { title: string; description: string }>;
  }[];
}

export const DEMO_PROVIDERS: DemoProvider[] = [
  {
    email: 'karim.plombier@demo.khadamat.ma',
    name: 'Karim Benali',
    city: 'casablanca',
    languages: 'fr,ar',
    bio: 'Plombier depuis 12 ans, interventions rapides à Casablanca.',
    services: [
      {
        slug: 'karim-reparation-fuite',
        category: 'leak-repair',
        title: 'Réparation de fuite d’eau',
        description: 'Recherche et réparation de fuites sous évier, WC et douche.',
        locale: 'fr',
        priceModel: 'fixed',
        priceMinor: 25000,
        durationMinutes: 60,
      },
      {
        slug: 'karim-chauffe-eau',
        category: 'water-heater',
        title: 'Installation de chauffe-eau',
        description: 'Pose et raccordement de chauffe-eau électrique ou à gaz.',
        locale: 'fr',
        priceModel: 'fixed',
        priceMinor: 45000,
        durationMinutes: 120,
      },
    ],
  },
  {
    email: 'fatima.menage@demo.khadamat.ma',
    name: 'فاطمة الزهراء',
    city: 'rabat',
    languages: 'ar,fr',
    bio: 'تنظيف المنازل والشقق بعناية واحترافية.',
    services: [
      {
        slug: 'fatima-tanzif-manzil',
        category: 'home-cleaning',
        title: 'تنظيف المنزل',
        description: 'تنظيف شامل للغرف والمطبخ والحمام.',
        locale: 'ar',
        priceModel: 'hourly',
        priceMinor: 6000,
        durationMinutes: 180,
      },
      {
        slug: 'fatima-grand-nettoyage',
        category: 'deep-cleaning',
        title: 'Grand nettoyage de printemps',
        description: 'Vitres, placards, sols : tout le logement à fond.',
        locale: 'fr',
        priceModel: 'fixed',
        priceMinor: 60000,
        durationMinutes: 360,
      },
    ],
  },
  {
    email: 'youssef.elec@demo.khadamat.ma',
    name: 'Youssef El Amrani',
    city: 'marrakech',
    languages: 'fr,ar,en',
    bio: 'Électricien certifié, dépannage et installations neuves.',
    services: [
      {
        slug: 'youssef-depannage-electrique',
        category: 'electrical-troubleshooting',
        title: 'Dépannage électrique',
        description: 'Panne de courant, disjoncteur qui saute, prises défectueuses.',
        locale: 'fr',
        priceModel: 'hourly',
        priceMinor: 15000,
        durationMinutes: 60,
      },
      {
        slug: 'youssef-lighting-install',
        category: 'lighting',
        title: 'Light fitting installation',
        description: 'Ceiling lights, spots and outdoor lighting installed safely.',
        locale: 'en',
        priceModel: 'fixed',
        priceMinor: 20000,
        durationMinutes: 90,
      },
    ],
  },
  {
    email: 'salma.cours@demo.khadamat.ma',
    name: 'Salma Idrissi',
    city: 'fes',
    languages: 'fr,ar,en',
    bio: 'Professeure de mathématiques, collège et lycée.',
    services: [
      {
        slug: 'salma-cours-maths',
        category: 'maths-tutoring',
        title: 'Cours de mathématiques à domicile',
        description: 'Soutien scolaire du collège au baccalauréat.',
        locale: 'fr',
        priceModel: 'hourly',
        priceMinor: 12000,
        durationMinutes: 90,
      },
      {
        slug: 'salma-english-lessons',
        category: 'language-tutoring',
        title: 'English conversation lessons',
        description: 'Improve your spoken English with a patient tutor.',
        locale: 'en',
        priceModel: 'hourly',
        priceMinor: 10000,
        durationMinutes: 60,
      },
    ],
  },
  {
    email: 'hassan.clim@demo.khadamat.ma',
    name: 'حسن التازي',
    city: 'tangier',
    languages: 'ar,fr',
    bio: 'تركيب وصيانة المكيفات بجميع أنواعها.',
    services: [
      {
        slug: 'hassan-siyanat-mukayif',
        category: 'ac-maintenance',
        title: 'صيانة المكيفات',
        description: 'تنظيف وشحن الغاز وفحص شامل للمكيف.',
        locale: 'ar',
        priceModel: 'fixed',
        priceMinor: 30000,
        durationMinutes: 90,
      },
      {
        slug: 'hassan-pose-climatiseur',
        category: 'ac-installation',
        title: 'Pose de climatiseur',
        description: 'Installation complète de split mural avec garantie.',
        locale: 'fr',
        priceModel: 'quote',
        priceMinor: 0,
        durationMinutes: 240,
      },
    ],
  },
  {
    email: 'nadia.beaute@demo.khadamat.ma',
    name: 'Nadia Berrada',
    city: 'agadir',
    languages: 'fr,ar',
    bio: 'Coiffure et henné pour vos fêtes, à domicile.',
    services: [
      {
        slug: 'nadia-henne-mariage',
        category: 'henna',
        title: 'Henné pour mariage',
        description: 'Motifs traditionnels et modernes pour la mariée et les invitées.',
        locale: 'fr',
        priceModel: 'fixed',
        priceMinor: 40000,
        durationMinutes: 180,
      },
      {
        slug: 'nadia-coiffure-domicile',
        category: 'hairdressing',
        title: 'Coiffure à domicile',
        description: 'Brushing, chignons et coupes chez vous.',
        locale: 'fr',
        priceModel: 'fixed',
        priceMinor: 20000,
        durationMinutes: 60,
      },
    ],
  },
];
