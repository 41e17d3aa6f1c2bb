export const fr = {
  app: {
    tagline: 'Services à domicile au Maghreb',
    skipToContent: 'Aller au contenu principal',
    mainNav: 'Navigation principale',
    footer: 'Des professionnels de confiance près de chez vous.',
  },
  nav: {
    home: 'Accueil',
  },
  language: {
    label: 'Langue',
  },
  home: {
    title: 'Services à domicile',
    heading: 'Trouvez un professionnel près de chez vous',
    intro: 'Ménage, plomberie, cours particuliers et bien plus : des prestataires de votre ville, à domicile.',
    categoriesHeading: 'Catégories de services',
  },
  categories: {
    loading: 'Chargement des catégories…',
    error: 'Impossible de charger les catégories pour le moment.',
    errorReference: 'Référence :',
    retry: 'Réessayer',
    empty: 'Aucune catégorie n’est disponible pour le moment.',
    subcategories: 'Sous-catégories de {{name}}',
  },
  notFound: {
    title: 'Page introuvable',
    heading: 'Page introuvable',
    body: 'La page que vous cherchez n’existe pas ou a été déplacée.',
    backHome: 'Retour à l’accueil',
  },
  routeError: {
    title: 'Erreur',
    heading: 'Une erreur est survenue',
    body: 'Quelque chose s’est mal passé. Rechargez la page ou réessayez plus tard.',
    backHome: 'Retour à l’accueil',
  },
};

export type Messages = typeof fr;
