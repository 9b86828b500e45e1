// The API surface the per-operation checks probe: the operations read from an OpenAPI
// document (or given with --path), the identities to send them as, and the safety switches.
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A JSON Schema fragment as found in the document ($refs already resolved). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface OperationParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema?: JsonSchema;
}

/** Where an operation is declared, for SARIF locations. */
export interface SpecLocation {
  /** The --openapi FILE as given, or the URL the document was read from. */
  readonly file: string;
  /** 1-based line of the operation's method key; 1 when it could not be found. */
  readonly line: number;
}

export interface Operation {
  readonly method: HttpMethod;
  /** Path template as documented, e.g. `/api/users/{id}` (server base path included). */
  readonly path: string;
  readonly parameters: readonly OperationParameter[];
  /** Schema of a JSON request body, when the operation takes one. */
  readonly requestBody?: JsonSchema;
  /** `required`: the document declares a security requirement; `none`: it declares `security: []`;
   * `undeclared`: the document says nothing (or the operation came from --path). */
  readonly security: 'required' | 'none' | 'undeclared';
  /** OAuth scopes named by the operation's security requirements. */
  readonly scopes: readonly string[];
  /** Roles from the `x-roles` extension. */
  readonly roles: readonly string[];
  readonly tags: readonly string[];
  /** Property names of its 2xx JSON responses (a few levels deep), to spot personal data. */
  readonly responseFields: readonly string[];
  readonly source?: SpecLocation;
}

/** One caller: a name and the headers that authenticate it (a command may refresh them). */
export interface Identity {
  readonly name: string;
  headers(): Promise<Readonly<Record<string, string>>>;
}

export interface ApiSurface {
  readonly operations: readonly Operation[];
  readonly identities: readonly Identity[];
  /** --active: POST, PUT and PATCH may be sent (against a test deployment). */
  readonly active: boolean;
  /** --allow-destructive: DELETE may be sent too (implies nothing without --active). */
  readonly allowDestructive: boolean;
  /** Requests one check may send to one operation. */
  readonly maxRequestsPerOperation: number;
  /** --id NAME=VALUE: identity name -> ids that identity owns. */
  readonly idHints: Readonly<Record<string, readonly string[]>>;
  /** Where the operations came from, for the report (`openapi FILE`, `paths`...). */
  readonly origin: string;
}

/** `GET /api/users/{id}`: how a finding names its operation. */
export const operationName = (operation: Pick<Operation, 'method' | 'path'>): string => `${operation.method} ${operation.path}`;
