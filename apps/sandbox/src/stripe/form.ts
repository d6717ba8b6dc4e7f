/** A value decoded from Stripe's form encoding: `a[b][0]=x` → `{ a: { b: ['x'] } }`. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first))) !== null) parts.push(m[1]);
  return parts;
}

function isIndexed(obj: FormObject): boolean {
  const keys = Object.keys(obj);
  return keys.length > 0 && keys.every((k, i) => k === String(i));
}

/** Turn `{0: x, 1: y}` objects (from `a[0]=` keys) into arrays, recursively. */
function normalise(value: FormValue): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(normalise);
  const out: FormObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = normalise(v);
  if (isIndexed(out)) return Object.keys(out).map((k) => out[k]);
  return out;
}

export function parseForm(encoded: string): FormObject {
  const root: FormObject = {};
  const appendMarkers = new WeakSet<FormObject>();
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const path = splitKey(rawKey);
    let node: FormObject = root;
    for (let i = 0; i < path.length; i++) {
      let part = path[i];
      const last = i === path.length - 1;
      if (part === '') {
        // `expand[]=a&expand[]=b`: append with the next free index.
        appendMarkers.add(node);
        part = String(Object.keys(node).length);
      }
      if (last) {
        node[part] = value;
      } else {
        const existing = node[part];
        if (existing === undefined || typeof existing === 'string' || Array.isArray(existing)) {
          const child: FormObject = {};
          node[part] = child;
          node = child;
        } else {
          node = existing;
        }
      }
    }
  }
  const normalised = normalise(root);
  return typeof normalised === 'object' && !Array.isArray(normalised) ? normalised : {};
}

/** Stable string for comparing the parameters of two requests (idempotency). */
export function canonical(value: FormValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}
