import type { CallExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { looksLikeSql, sqlSinkOf } from './sql-sinks.js';

describe('looksLikeSql', () => {
  it('recognises statements, not prose that happens to contain SQL words', () => {
    expect(['SELECT * FROM users', "update users set name = 'x'", 'DELETE FROM t WHERE id = 1', 'INSERT INTO t (a) VALUES (1)'].map(looksLikeSql)).toEqual([true, true, true, true]);
    expect(['Please select an option', 'update available', 'delete this file?', 'from here to there'].map(looksLikeSql)).toEqual([false, false, false, false]);
  });
});

describe('sqlSinkOf', () => {
  it('classifies raw methods, database receivers and query builders', () => {
    const found = probe(
      `
        prisma.$queryRawUnsafe(a); knex('t').whereRaw(b); pool.query(c); this.db.all(d); cache.get(e);
        dataSource.getRepository(User).createQueryBuilder('u').where(f); Prisma.raw(g); client.query({ text: h, values: [] });
      `,
      'CallExpression',
      (node, context) => {
        const sink = sqlSinkOf(node as CallExpression);
        return sink === undefined ? undefined : `${sink.method}:${context.sourceCode.getText(sink.query)}:${sink.unambiguous ? 'raw' : sink.databaseReceiver ? 'db' : 'name'}`;
      },
    ).filter((found) => found !== undefined);
    expect(found).toEqual(['$queryRawUnsafe:a:raw', 'whereRaw:b:raw', 'query:c:db', 'all:d:db', 'get:e:name', 'where:f:db', 'raw:g:raw', 'query:h:db']);
  });
});
