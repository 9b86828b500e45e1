// The ES built-in globals ESLint declares for ecmaVersion "latest" (its conf/globals.js, es2026);
// added to the global scope so that references resolve exactly as under ESLint. A test keeps the
// list equal to the installed ESLint's.
export const builtinGlobals: readonly string[] = [
  'Array', 'Boolean', 'constructor', 'Date', 'decodeURI', 'decodeURIComponent', 'encodeURI',
  'encodeURIComponent', 'Error', 'escape', 'eval', 'EvalError', 'Function', 'hasOwnProperty',
  'Infinity', 'isFinite', 'isNaN', 'isPrototypeOf', 'Math', 'NaN', 'Number', 'Object', 'parseFloat',
  'parseInt', 'propertyIsEnumerable', 'RangeError', 'ReferenceError', 'RegExp', 'String',
  'SyntaxError', 'toLocaleString', 'toString', 'TypeError', 'undefined', 'unescape', 'URIError',
  'valueOf', 'JSON', 'ArrayBuffer', 'DataView', 'Float32Array', 'Float64Array', 'Int16Array',
  'Int32Array', 'Int8Array', 'Intl', 'Map', 'Promise', 'Proxy', 'Reflect', 'Set', 'Symbol',
  'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakSet', 'Atomics',
  'SharedArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'globalThis', 'AggregateError',
  'FinalizationRegistry', 'WeakRef', 'Float16Array', 'Iterator', 'AsyncDisposableStack',
  'DisposableStack', 'SuppressedError', 'Temporal'
];
