// The recording node:http test server now lives in the repository's test-support/ (the guard
// outbound and platform import tests use it too).
export * from '../../../../../test-support/http-server.js';
