// The service's own error codes, passed to guard at registration (policy.ts, `errors.codes`) and
// answered in guard's error shape ({error, message, reference}).
import { defineErrorCodes } from '@rampart/guard';

export const NotesErrors = defineErrorCodes({
  NOTES_BAD_CREDENTIALS: { status: 401, error: 'bad_credentials', message: 'wrong user name or password' },
  NOTES_BAD_SIGNATURE: { status: 401, error: 'bad_signature', message: 'the webhook signature does not match' },
  NOTES_IMPORT_REFUSED: { status: 422, error: 'import_refused', message: 'this URL cannot be imported' },
  NOTES_IMPORT_FAILED: { status: 502, error: 'import_failed', message: 'the URL did not answer with a note' },
});
