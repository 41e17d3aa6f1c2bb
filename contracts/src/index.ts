// The API's request and response schemas, shared by the backend routes and the web client.
export * from './errors';
export * from './text';
export * from './locale';
export * from './catalogue';
export * from './health';
export * from './accounts';
export * from './services';
export * from './search';
export * from './uploads';
export * from './bookings';
export * from './kyc';
export * from './deliveries';
export * from './messages';
export * from './live';
export * from './payments';
export * from './payment-records';
