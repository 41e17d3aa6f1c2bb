import type { noticesFr } from './fr';

export type NoticesMessages = typeof noticesFr;

/** Mail unsubscribe links and SMS quiet hours (features/account), English. */
export const noticesEn: NoticesMessages = {
  events: {
    bookings: 'news of your bookings',
    reminders: 'reminders before your appointments',
    messages: 'new messages',
    reviews: 'reviews',
    payments: 'payments and refunds',
  },
  unsubscribe: {
    title: 'Unsubscribe',
    heading: 'Stop these emails?',
    body: 'You will no longer receive {{event}} by email. The notification bell will still tell you.',
    confirm: 'Unsubscribe me',
    pending: 'Unsubscribing…',
    doneHeading: 'Done',
    doneBody: 'You will no longer receive {{event}} by email.',
    already: 'You already no longer receive {{event}} by email.',
    changeLater: 'You can change your mind at any time in your notification preferences.',
    toAccount: 'My preferences',
    invalidHeading: 'Invalid link',
    invalidBody: 'This unsubscribe link is incomplete or not valid. Sign in to choose your notifications.',
    loading: 'Checking the link…',
  },
  quietHours: {
    legend: 'SMS quiet hours',
    hint: 'Text messages that can wait are sent when these hours end (Morocco time). A text about an appointment that starts earlier goes at once.',
    enabled: 'No text messages during these hours',
    start: 'From',
    end: 'To',
  },
};
