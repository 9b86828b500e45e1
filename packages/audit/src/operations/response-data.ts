// What a response body carries: secret-named fields, card numbers, personal data, object ids.
// Bodies are parsed as JSON (others carry nothing we can name) and walked depth- and size-bounded.
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const MAX_NODES = 5_000;
const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Field names that must never reach a client, whoever asks. */
export const SECRET_FIELDS = new Set(['password', 'passwordhash', 'hashedpassword', 'passwd', 'secret', 'clientsecret', 'totpsecret', 'mfasecret', 'token', 'otp', 'ssn', 'cardnumber', 'creditcard', 'cvv', 'cvc', 'privatekey', 'apikey']);
/** Field names of personal data (reads of them need credentials). */
const PERSONAL_FIELDS = new Set(['email', 'emailaddress', 'phone', 'phonenumber', 'address', 'streetaddress', 'dateofbirth', 'birthdate', 'dob', 'ssn', 'iban', 'fullname', 'lastname', 'surname']);

export const isSecretField = (key: string) => SECRET_FIELDS.has(normalise(key));
export const isPersonalField = (key: string) => PERSONAL_FIELDS.has(normalise(key));

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Calls visit(key, value) for every property, depth-first, at most MAX_NODES of them. */
function walk(value: unknown, visit: (key: string, value: unknown) => void, depth = 0, seen = { count: 0 }): void {
  if (depth > 8 || seen.count > MAX_NODES) return;
  if (Array.isArray(value)) for (const item of value.slice(0, 200)) walk(item, visit, depth + 1, seen);
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      seen.count += 1;
      visit(key, child);
      walk(child, visit, depth + 1, seen);
    }
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A 13-19 digit value (spaces or dashes allowed) that passes the Luhn check. */
export function looksLikeCardNumber(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value);
  if (!/^\d[\d -]{11,22}\d$/.test(text)) return false;
  const digits = text.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && luhn(digits);
}

/** Names of the secret fields (non-empty values) and card numbers in a JSON body. */
export function secretsIn(body: string): string[] {
  const found = new Set<string>();
  walk(parseJson(body), (key, value) => {
    if (value === null || value === '' || typeof value === 'object') return;
    if (isSecretField(key)) found.add(key);
    else if (looksLikeCardNumber(value)) found.add(`${key} (card number)`);
  });
  return [...found];
}

export function personalFieldsIn(body: string): string[] {
  const found = new Set<string>();
  walk(parseJson(body), (key, value) => {
    // A value, not a schema: an OpenAPI document names `email` too, with an object under it.
    if (isPersonalField(key) && (typeof value === 'number' || (typeof value === 'string' && value !== ''))) found.add(key);
  });
  return [...found];
}

/** The ids of the objects in a list or a single-object response (`id`, `uuid`, `*Id` at the top level of each object). */
export function objectIdsIn(body: string): string[] {
  const value = parseJson(body);
  const items = Array.isArray(value) ? value : isObject(value) ? (Object.values(value).find(Array.isArray) ?? [value]) : [];
  const ids: string[] = [];
  for (const item of (items as unknown[]).slice(0, 50)) {
    if (!isObject(item)) continue;
    const id = item.id ?? item.uuid ?? item._id;
    if (typeof id === 'string' || typeof id === 'number') ids.push(String(id));
  }
  return ids;
}
