// Identifier words: `apiKey`, `API_KEY`, `api-key` and `apikey` all become ['api', 'key'], so that
// rules can ask what a name is about without a regular expression per spelling.

// Compound words that people write without a separator.
const COMPOUNDS: Readonly<Record<string, readonly string[]>> = {
  apikey: ['api', 'key'],
  apisecret: ['api', 'secret'],
  privatekey: ['private', 'key'],
  secretkey: ['secret', 'key'],
  accesskey: ['access', 'key'],
  clientsecret: ['client', 'secret'],
  passwd: ['password'],
  passphrase: ['password'],
  pwd: ['password'],
  authtoken: ['auth', 'token'],
  accesstoken: ['access', 'token'],
  refreshtoken: ['refresh', 'token'],
  sessionid: ['session', 'id'],
  sessid: ['session', 'id'],
  jwtsecret: ['jwt', 'secret'],
  hmackey: ['hmac', 'key'],
  otp: ['otp'],
  uuid: ['uuid'],
  nonce: ['nonce'],
};

export function nameWords(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
  return words.flatMap((word) => COMPOUNDS[word] ?? [word]);
}

export function hasAnyWord(words: readonly string[], wanted: ReadonlySet<string>): boolean {
  return words.some((word) => wanted.has(word));
}
