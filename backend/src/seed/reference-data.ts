// Reference data of the platform: categories of home services and cities, in fr / ar / en.
// Slugs are stable identifiers: the seed upserts by slug, so renaming text is safe.

export interface CategorySeed {
  slug: string;
  icon: string;
  name: [fr: string, ar: string, en: string];
  children: { slug: string; name: [fr: string, ar: string, en: string] }[];
}

export const CATEGORIES: CategorySeed[] = [
  {
    slug: 'cleaning',
    icon: '🧹',
    name: ['Ménage', 'تنظيف', 'Cleaning'],
    children: [
      { slug: 'home-cleaning', name: ['Ménage à domicile', 'تنظيف المنزل', 'Home cleaning'] },
      { slug: 'deep-cleaning', name: ['Grand nettoyage', 'تنظيف شامل', 'Deep cleaning'] },
      { slug: 'carpet-cleaning', name: ['Nettoyage de tapis', 'تنظيف الزرابي', 'Carpet cleaning'] },
    ],
  },
  {
    slug: 'plumbing',
    icon: '🔧',
    name: ['Plomberie', 'سباكة', 'Plumbing'],
    children: [
      { slug: 'leak-repair', name: ['Réparation de fuites', 'إصلاح التسربات', 'Leak repair'] },
      { slug: 'water-heater', name: ['Chauffe-eau', 'سخان الماء', 'Water heaters'] },
      { slug: 'drain-unblocking', name: ['Débouchage', 'تسريح المجاري', 'Drain unblocking'] },
    ],
  },
  {
    slug: 'electricity',
    icon: '💡',
    name: ['Électricité', 'كهرباء', 'Electrical work'],
    children: [
      { slug: 'wiring', name: ['Installation électrique', 'التمديدات الكهربائية', 'Wiring'] },
      { slug: 'lighting', name: ['Éclairage', 'الإنارة', 'Lighting'] },
      { slug: 'electrical-troubleshooting', name: ['Dépannage électrique', 'إصلاح الأعطال الكهربائية', 'Electrical troubleshooting'] },
    ],
  },
  {
    slug: 'painting',
    icon: '🎨',
    name: ['Peinture', 'صباغة', 'Painting'],
    children: [
      { slug: 'interior-painting', name: ['Peinture intérieure', 'صباغة داخلية', 'Interior painting'] },
      { slug: 'exterior-painting', name: ['Peinture extérieure', 'صباغة خارجية', 'Exterior painting'] },
    ],
  },
  {
    slug: 'air-conditioning',
    icon: '❄️',
    name: ['Climatisation', 'تكييف', 'Air conditioning'],
    children: [
      { slug: 'ac-installation', name: ['Installation de climatiseur', 'تركيب المكيفات', 'AC installation'] },
      { slug: 'ac-maintenance', name: ['Entretien de climatiseur', 'صيانة المكيفات', 'AC maintenance'] },
    ],
  },
  {
    slug: 'carpentry',
    icon: '🪚',
    name: ['Menuiserie', 'نجارة', 'Carpentry'],
    children: [
      { slug: 'furniture-assembly', name: ['Montage de meubles', 'تركيب الأثاث', 'Furniture assembly'] },
      { slug: 'door-repair', name: ['Réparation de portes', 'إصلاح الأبواب', 'Door repair'] },
    ],
  },
  {
    slug: 'moving',
    icon: '🚚',
    name: ['Déménagement', 'نقل الأثاث', 'Moving'],
    children: [
      { slug: 'home-moving', name: ['Déménagement de logement', 'نقل المنزل', 'Home moving'] },
      { slug: 'small-transport', name: ['Petit transport', 'نقل صغير', 'Small transport'] },
    ],
  },
  {
    slug: 'gardening',
    icon: '🌿',
    name: ['Jardinage', 'بستنة', 'Gardening'],
    children: [
      { slug: 'lawn-care', name: ['Entretien de pelouse', 'العناية بالعشب', 'Lawn care'] },
      { slug: 'tree-trimming', name: ['Taille des arbres', 'تقليم الأشجار', 'Tree trimming'] },
    ],
  },
  {
    slug: 'tutoring',
    icon: '📚',
    name: ['Cours particuliers', 'دروس خصوصية', 'Tutoring'],
    children: [
      { slug: 'maths-tutoring', name: ['Mathématiques', 'الرياضيات', 'Maths'] },
      { slug: 'language-tutoring', name: ['Langues', 'اللغات', 'Languages'] },
      { slug: 'music-lessons', name: ['Musique', 'الموسيقى', 'Music lessons'] },
    ],
  },
  {
    slug: 'beauty',
    icon: '💇',
    name: ['Beauté à domicile', 'تجميل في المنزل', 'Beauty at home'],
    children: [
      { slug: 'hairdressing', name: ['Coiffure', 'تصفيف الشعر', 'Hairdressing'] },
      { slug: 'henna', name: ['Henné', 'الحناء', 'Henna'] },
    ],
  },
  {
    slug: 'appliance-repair',
    icon: '🔌',
    name: ['Réparation d’électroménager', 'إصلاح الأجهزة المنزلية', 'Appliance repair'],
    children: [
      { slug: 'washing-machine-repair', name: ['Lave-linge', 'آلة الغسيل', 'Washing machines'] },
      { slug: 'fridge-repair', name: ['Réfrigérateurs', 'الثلاجات', 'Fridges'] },
    ],
  },
  {
    slug: 'masonry',
    icon: '🧱',
    name: ['Maçonnerie', 'بناء', 'Masonry'],
    children: [
      { slug: 'tiling', name: ['Carrelage', 'تبليط', 'Tiling'] },
      { slug: 'plastering', name: ['Plâtrerie', 'الجبس', 'Plastering'] },
    ],
  },
];

export const CITIES: { slug: string; name: [fr: string, ar: string, en: string]; lat: number; lng: number }[] = [
  { slug: 'casablanca', name: ['Casablanca', 'الدار البيضاء', 'Casablanca'], lat: 33.5731, lng: -7.5898 },
  { slug: 'rabat', name: ['Rabat', 'الرباط', 'Rabat'], lat: 34.0209, lng: -6.8416 },
  { slug: 'marrakech', name: ['Marrakech', 'مراكش', 'Marrakesh'], lat: 31.6295, lng: -7.9811 },
  { slug: 'fes', name: ['Fès', 'فاس', 'Fez'], lat: 34.0181, lng: -5.0078 },
  { slug: 'tangier', name: ['Tanger', 'طنجة', 'Tangier'], lat: 35.7595, lng: -5.834 },
  { slug: 'agadir', name: ['Agadir', 'أكادير', 'Agadir'], lat: 30.4278, lng: -9.5981 },
  { slug: 'meknes', name: ['Meknès', 'مكناس', 'Meknes'], lat: 33.8935, lng: -5.5473 },
  { slug: 'oujda', name: ['Oujda', 'وجدة', 'Oujda'], lat: 34.6814, lng: -1.9086 },
];
