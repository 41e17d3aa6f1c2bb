/** Mail unsubscribe links and SMS quiet hours (features/account), French. */
export const noticesFr = {
  events: {
    bookings: 'les nouvelles de vos réservations',
    reminders: 'les rappels avant vos rendez-vous',
    messages: 'les nouveaux messages',
    reviews: 'les avis',
    payments: 'les paiements et remboursements',
  },
  unsubscribe: {
    title: 'Se désabonner',
    heading: 'Ne plus recevoir ces e-mails ?',
    body: 'Vous ne recevrez plus par e-mail {{event}}. La cloche de notifications continuera de vous les signaler.',
    confirm: 'Me désabonner',
    pending: 'Désabonnement…',
    doneHeading: 'C’est fait',
    doneBody: 'Vous ne recevrez plus par e-mail {{event}}.',
    already: 'Vous ne recevez déjà plus par e-mail {{event}}.',
    changeLater: 'Vous pouvez changer d’avis à tout moment dans vos préférences de notification.',
    toAccount: 'Mes préférences',
    invalidHeading: 'Lien non valable',
    invalidBody: 'Ce lien de désabonnement est incomplet ou n’est pas valable. Connectez-vous pour choisir vos notifications.',
    loading: 'Vérification du lien…',
  },
  quietHours: {
    legend: 'Heures calmes pour les SMS',
    hint: 'Les SMS qui peuvent attendre sont envoyés à la fin de ces heures (heure du Maroc). Un SMS sur un rendez-vous qui commence avant part tout de suite.',
    enabled: 'Pas de SMS pendant ces heures',
    start: 'De',
    end: 'À',
  },
};
