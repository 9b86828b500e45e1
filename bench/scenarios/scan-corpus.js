// A generated corpus for the scan benchmark: realistic TypeScript and JavaScript (Express and
// Fastify routes, services over a SQL client, utilities, config, a few deliberate findings) from
// templates with varied names, written into a temporary directory. Deterministic for a seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const NOUNS = ['user', 'order', 'invoice', 'course', 'lesson', 'profile', 'session', 'payment', 'report', 'ticket', 'comment', 'upload'];
const cap = (word) => word[0].toUpperCase() + word.slice(1);

const templates = {
  route: (n, i) => `
router.get('/${n}s/:id', async (req, res, next) => {
  try {
    const ${n}${i} = await ${n}Service.find${cap(n)}(String(req.params.id));
    if (!${n}${i}) return res.status(404).json({ error: 'not found' });
    res.json(serialize${cap(n)}(${n}${i}));
  } catch (error) {
    next(error);
  }
});

router.post('/${n}s', validate(${n}Schema), async (req, res) => {
  const { name, description, tags = [] } = req.body;
  const created = await ${n}Service.create${cap(n)}({ name: name.trim(), description, tags: tags.slice(0, 10) });
  res.status(201).location(\`/${n}s/\${created.id}\`).json(created);
});
`,
  service: (n, i) => `
export class ${cap(n)}Service${i} {
  constructor(private readonly db: Pool, private readonly log: Logger) {}

  async find${cap(n)}(id: string): Promise<${cap(n)} | undefined> {
    const result = await this.db.query('SELECT * FROM ${n}s WHERE id = $1 AND deleted_at IS NULL', [id]);
    return result.rows[0];
  }

  async list${cap(n)}s(options: { limit: number; offset: number; sort?: 'asc' | 'desc' }): Promise<${cap(n)}[]> {
    const direction = options.sort === 'desc' ? 'DESC' : 'ASC';
    const { rows } = await this.db.query(\`SELECT * FROM ${n}s ORDER BY created_at \${direction} LIMIT $1 OFFSET $2\`, [options.limit, options.offset]);
    this.log.debug({ count: rows.length }, 'listed ${n}s');
    return rows.map((row) => ({ ...row, tags: row.tags ?? [] }));
  }

  async create${cap(n)}(input: New${cap(n)}): Promise<${cap(n)}> {
    const id = randomUUID();
    await this.db.query('INSERT INTO ${n}s (id, name, description) VALUES ($1, $2, $3)', [id, input.name, input.description ?? null]);
    return { id, ...input, createdAt: new Date() };
  }
}
`,
  util: (n, i) => `
export function format${cap(n)}${i}(value: ${cap(n)}, locale = 'en-US'): string {
  const parts: string[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined || entry === null) continue;
    parts.push(\`\${key}=\${typeof entry === 'object' ? JSON.stringify(entry) : String(entry)}\`);
  }
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts);
}

export const ${n}Cache${i} = new Map<string, { value: unknown; expires: number }>();

export function cached${cap(n)}${i}<T>(key: string, ttlMs: number, load: () => T): T {
  const hit = ${n}Cache${i}.get(key);
  if (hit && hit.expires > Date.now()) return hit.value as T;
  const value = load();
  ${n}Cache${i}.set(key, { value, expires: Date.now() + ttlMs });
  return value;
}
`,
  risky: (n, i) => `
app.get('/legacy/${n}/${i}', (req, res) => {
  const file = path.join(UPLOADS, req.query.name);
  db.query("SELECT * FROM ${n}s WHERE owner = '" + req.query.owner + "'");
  res.send(createHash('md5').update(String(req.query.token)).digest('hex') + readFileSync(file, 'utf8'));
});
`,
};

const header = {
  ts: `import { randomUUID, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { Router } from 'express';
import type { Logger } from 'pino';

const router = Router();
const app = router;
const UPLOADS = '/srv/uploads';
declare const db: Pool;
type Base = { id: string; name: string; description?: string; tags: string[]; createdAt: Date };
`,
  js: `import { randomUUID, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';

const router = Router();
const app = router;
const UPLOADS = '/srv/uploads';
`,
};

/** Writes files of about `linesPerFile` lines until `totalLines` is reached; returns what it wrote. */
export function generateCorpus(dir, { totalLines = 200_000, linesPerFile = 400, seed = 42 } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  let lines = 0;
  let files = 0;
  while (lines < totalLines) {
    const ts = next() < 0.75;
    const kinds = ts ? ['route', 'service', 'util', 'route', 'service', 'risky'] : ['route', 'route', 'risky'];
    let text = header[ts ? 'ts' : 'js'];
    for (const n of NOUNS) if (ts) text += `type ${cap(n)} = Base; type New${cap(n)} = Omit<Base, 'id' | 'createdAt'>;\ndeclare const ${n}Service: ${cap(n)}Service0; declare function serialize${cap(n)}(x: unknown): unknown; declare const ${n}Schema: object;\n`;
    if (ts) text += 'declare function validate(schema: object): never;\n';
    let index = 0;
    while (text.split('\n').length < linesPerFile) {
      const kind = pick(kinds);
      const body = templates[kind](pick(NOUNS), index);
      text += body;
      index += 1;
    }
    if (ts) text += 'export class UserService0 {}\n'.replace('UserService0', `${cap(NOUNS[0])}Service0Alias${files}`);
    const folder = join(dir, 'src', `module${Math.floor(files / 50)}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file${files}.${ts ? 'ts' : 'js'}`), text);
    lines += text.split('\n').length;
    files += 1;
  }
  return { files, lines };
}

/** One file of about `lines` lines (for the memory-versus-file-size measurement). */
export function generateLargeFile(path, lines, seed = 7) {
  const next = random(seed);
  let text = header.ts;
  let index = 0;
  while (text.split('\n').length < lines) {
    text += templates[['route', 'service', 'util'][Math.floor(next() * 3)]](NOUNS[index % NOUNS.length], index);
    index += 1;
  }
  writeFileSync(path, text);
  return text.split('\n').length;
}
