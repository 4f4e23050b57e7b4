// Shared by the Node tests: key conversion and the comparison rules of
// spec/vectors/README.md.

/** `expected_progress` → `expectedProgress`. */
export const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** Converts every object key to camelCase, recursively (values are left alone). */
export function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelKeys(x)]));
  }
  return v;
}

/**
 * `expected` matches `actual` when every key of `expected` matches, recursively:
 * arrays item by item with the same length, numbers within 1e-9 × max(1, |expected|),
 * `null` matching `null` or an absent key, everything else equal. Pushes one message
 * per mismatch onto `errors`.
 */
export function matches(expected, actual, path, errors) {
  if (expected === null) {
    if (actual !== null && actual !== undefined) errors.push(`${path}: ${JSON.stringify(actual)}, expected null`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return void errors.push(`${path}: ${JSON.stringify(actual)}, expected an array`);
    if (expected.length !== actual.length) errors.push(`${path}: ${actual.length} items, expected ${expected.length}`);
    expected.forEach((e, i) => i < actual.length && matches(e, actual[i], `${path}[${i}]`, errors));
    return;
  }
  if (typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) {
      return void errors.push(`${path}: ${JSON.stringify(actual)}, expected an object`);
    }
    for (const [k, e] of Object.entries(expected)) {
      if (!(k in actual) || actual[k] === undefined) {
        if (e !== null) errors.push(`${path}.${k}: missing (expected ${JSON.stringify(e)})`);
      } else {
        matches(e, actual[k], `${path}.${k}`, errors);
      }
    }
    return;
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (!(Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
      errors.push(`${path}: ${actual}, expected ${expected}`);
    }
    return;
  }
  if (expected !== actual) errors.push(`${path}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** Every object key in `v`, recursively, except below keys named in `skip`. */
export function allKeys(v, skip = new Set(), out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => allKeys(x, skip, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      if (!skip.has(k)) allKeys(x, skip, out);
    }
  }
  return out;
}

/** The fenced blocks of a Markdown text, each with its language and the prose before it. */
export function fences(md) {
  const out = [];
  const re = /^```(\S*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;
  let last = 0;
  for (let m; (m = re.exec(md)); last = re.lastIndex) {
    out.push({ lang: m[1], code: m[2], before: md.slice(last, m.index) });
  }
  return out;
}
