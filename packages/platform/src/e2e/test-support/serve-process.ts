// The former home of the e2e process helpers, which now live in the repository's
// test-support/rampart-cli.ts and raw-request.ts: new tests import those directly.
export { RAMPART_BIN, assertBuilt, runRampart, startServe, type RampartServe as ServeProcess } from '../../../../../test-support/rampart-cli.js';
export { rawRequest, type RawResponse } from '../../../../../test-support/raw-request.js';
