/** The card checkout of a booking (features/checkout), French. */
export const checkoutFr = {
  title: 'Paiement par carte',
  card: 'Votre carte',
  amount: 'Montant : {{amount}}.',
  hold: 'Votre carte est autorisée maintenant et débitée seulement quand vous confirmez que l’intervention est faite.',
  saved:
    'La réservation est dans plus de 4 jours : votre carte est enregistrée maintenant, autorisée quelques jours avant l’intervention et débitée quand vous la confirmez.',
  pay: 'Autoriser {{amount}}',
  paying: 'Autorisation en cours…',
  payNow: 'Payer maintenant par carte',
  payBy: 'Votre carte enregistrée n’a pas pu être autorisée. Payez avant le {{when}}, sinon la réservation sera annulée.',
  payNowHint: 'Le prestataire recevra votre demande une fois la carte autorisée.',
  notPayable: 'Cette réservation n’attend pas de paiement par carte.',
  unavailable: 'Le paiement par carte n’est pas disponible pour le moment.',
  back: 'Retour à la réservation',
  errors: {
    declined: 'Votre carte a été refusée. Essayez une autre carte.',
    authentication: 'L’authentification de la carte a échoué. Réessayez ou utilisez une autre carte.',
    generic: 'Le paiement n’a pas abouti. Réessayez.',
    load: 'Le formulaire de paiement n’a pas pu être chargé.',
    booking: 'La réservation n’a pas pu être chargée.',
  },
};
