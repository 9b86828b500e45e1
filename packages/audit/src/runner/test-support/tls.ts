// The throwaway self-signed certificate helper now lives in the repository's test-support/
// (the guard outbound tests use it too).
export * from '../../../../../test-support/tls-certificate.js';
