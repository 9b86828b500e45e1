import { describe, expect, it } from 'vitest';
import { findLeaks, isLeak, leakSignatures } from './error-signatures.js';

// Real-looking error texts, one or more per signature; each must be found by the named row.
const samples: ReadonlyArray<[string, string]> = [
  ['V8 stack frame', 'TypeError: Cannot read properties of undefined\n    at handler (/usr/src/app/dist/routes/users.js:42:17)\n'],
  ['V8 stack frame', 'Error: boom\n    at async Promise.all (index 0)\n    at node:internal/process/task_queues:95:5\n'],
  ['V8 stack frame', '<pre>SyntaxError: Unexpected end of JSON input<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)<br> &nbsp; &nbsp;at parse (/srv/api/node_modules/body-parser/lib/types/json.js:92:19)<br></pre>'],
  ['node_modules path', 'at Layer.handle (/srv/api/node_modules/express/lib/router/layer.js:95:5)'],
  ['Fastify error code', '{"statusCode":400,"code":"FST_ERR_CTP_INVALID_JSON_BODY","error":"Bad Request"}'],
  ['body-parser error type', '{"expose":true,"statusCode":400,"type":"entity.parse.failed"}'],
  ['Python traceback', 'Traceback (most recent call last):\n  File "/app/main.py", line 12, in <module>'],
  ['Python frame', '  File "/usr/lib/python3.12/json/decoder.py", line 355, in raw_decode'],
  ['Django debug page', "<p>You&#x27;re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p>"],
  ['Werkzeug debugger', '<title>ValueError // Werkzeug Debugger</title>'],
  ['Java stack frame', 'java.lang.NullPointerException\n\tat com.example.api.UserController.get(UserController.java:57)\n'],
  ['Java exception class', 'org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error'],
  ['Spring Whitelabel page', '<h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error</p>'],
  ['goroutine dump', 'goroutine 1 [running]:\nmain.main()'],
  ['Go frame', '\t/home/dev/api/handlers.go:88 +0x1d5'],
  ['Go panic', 'panic: runtime error: invalid memory address or nil pointer dereference'],
  ['Ruby frame', "app/controllers/users_controller.rb:14:in `show'"],
  ['Ruby frame', "/app/models/user.rb:3:in 'User#find_by_token'"],
  ['Rails debug page', '<header><h1>Action Controller: Exception caught</h1></header>'],
  ['Rails exception class', 'ActiveRecord::RecordNotFound in UsersController#show'],
  ['PHP error with file and line', '<b>Fatal error</b>:  Uncaught TypeError: count(): Argument #1 in <b>/var/www/html/index.php</b> on line <b>7</b>'],
  ['PHP error with file and line', 'Warning: Undefined array key "id" in /var/www/html/api.php on line 12'],
  ['PHP stack trace', 'Stack trace:\n#0 /var/www/html/index.php(7): count(NULL)'],
  ['Laravel Whoops / Ignition page', '<div class="exception-message">Whoops! There was an error.</div>'],
  ['.NET frame', '   at Api.Controllers.UsersController.Get(Int32 id) in C:\\src\\Api\\Controllers\\UsersController.cs:line 31'],
  ['ASP.NET yellow screen', "<h1>Server Error in '/' Application.</h1>"],
  ['MySQL syntax error', "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near ''1''' at line 1"],
  ['PostgreSQL error', 'error: syntax error at or near "\'"'],
  ['PostgreSQL error', 'error: relation "users" does not exist'],
  ['Oracle error', 'ORA-01756: quoted string not properly terminated'],
  ['SQL Server error', "Unclosed quotation mark after the character string '1''."],
  ['SQLite error', 'SQLITE_ERROR: near "\'": syntax error'],
  ['PDO / SQLSTATE', 'SQLSTATE[42000]: Syntax error or access violation: 1064'],
  ['server file path', 'ENOENT: no such file or directory, open \'/home/deploy/api/config.json\''],
  ['server file path', 'Could not find file C:\\inetpub\\wwwroot\\web.config'],
];

// Bodies a hardened API sends; none may match anything.
const clean = [
  '{"error":{"code":"validation_failed","message":"Request body is not valid JSON.","requestId":"01HZX3"}}',
  '{"statusCode":404,"error":"Not Found"}',
  '<!doctype html><title>Bad Request</title><p>Bad Request</p>',
  'Not Found',
  '{"type":"https://example.com/problems/invalid-json","title":"Invalid JSON","status":400}',
  '{"message":"The page at /docs/at-a-glance is not here"}',
];

describe('leak signatures', () => {
  it.each(samples)('%s matches %j', (name, body) => {
    expect(findLeaks(body).map((m) => m.signature.name)).toContain(name);
  });

  it.each(clean)('a generic error body matches nothing: %s', (body) => {
    expect(findLeaks(body)).toEqual([]);
  });

  it('has a sample for every signature and covers every platform of the issue', () => {
    for (const signature of leakSignatures) expect(samples.map(([name]) => name), signature.name).toContain(signature.name);
    const platforms = new Set(leakSignatures.map((s) => s.platform));
    for (const platform of ['Node', 'Python', 'Java', 'Go', 'Ruby', 'PHP', 'SQL'] as const) expect(platforms).toContain(platform);
  });

  it('treats framework codes as fingerprints and stack traces as leaks', () => {
    expect(findLeaks('{"code":"FST_ERR_BAD_URL"}').every(isLeak)).toBe(false);
    expect(findLeaks('Traceback (most recent call last):').every(isLeak)).toBe(true);
  });
});
