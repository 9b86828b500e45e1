// Error codes of `POST /api/import {url}` (docs/errors.md). The messages are generic: what the
// import source answered, or which internal address a name resolved to, is logged, not sent.
import { defineErrorCodes } from '@rampart/guard';

export const ImportErrors = defineErrorCodes({
  // Not an https URL (http only for allowed origins in development), a refused port, or a
  // destination that is private, loopback, link-local or cloud metadata (directly or by redirect).
  RAMPART_ERR_IMPORT_URL_REFUSED: { status: 400, error: 'import_url_refused', message: 'the import URL is not allowed: it must be a public https URL' },
  RAMPART_ERR_IMPORT_SOURCE_TOO_LARGE: { status: 400, error: 'import_source_too_large', message: 'the import source is larger than the import size limit' },
  RAMPART_ERR_IMPORT_SOURCE_INVALID: { status: 400, error: 'import_source_invalid', message: 'the import source is not a valid courses document' },
  // Unreachable, timed out, TLS failure, a non-2xx answer, or an egress proxy left undecided.
  RAMPART_ERR_IMPORT_SOURCE_UNAVAILABLE: { status: 502, error: 'import_source_unavailable', message: 'the import source could not be fetched' },
});
