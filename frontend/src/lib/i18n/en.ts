import type { Messages } from './fr';

export const en: Messages = {
  app: {
    tagline: 'Home services in the Maghreb',
    skipToContent: 'Skip to main content',
    mainNav: 'Main navigation',
    footer: 'Trusted professionals near you.',
  },
  nav: {
    home: 'Home',
  },
  language: {
    label: 'Language',
  },
  home: {
    title: 'Home services',
    heading: 'Find a professional near you',
    intro: 'Cleaning, plumbing, tutoring and more: providers from your city, at your home.',
    categoriesHeading: 'Service categories',
  },
  categories: {
    loading: 'Loading categories…',
    error: 'The categories could not be loaded right now.',
    errorReference: 'Reference:',
    retry: 'Try again',
    empty: 'No categories are available yet.',
    subcategories: 'Sub-categories of {{name}}',
  },
  notFound: {
    title: 'Page not found',
    heading: 'Page not found',
    body: 'The page you are looking for does not exist or has moved.',
    backHome: 'Back to the home page',
  },
  routeError: {
    title: 'Error',
    heading: 'Something went wrong',
    body: 'Something went wrong. Reload the page or try again later.',
    backHome: 'Back to the home page',
  },
};
