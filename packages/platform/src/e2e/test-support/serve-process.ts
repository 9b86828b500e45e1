// The e2e tests' process helpers are the repository's test-support/rampart-cli.ts and
// raw-request.ts; this module only re-exports them under the names these tests know.
export { RAMPART_BIN, assertBuilt, runRampart, startServe, type RampartServe as ServeProcess } from '../../../../../test-support/rampart-cli.js';
export { rawRequest, type RawResponse } from '../../../../../test-support/raw-request.js';
