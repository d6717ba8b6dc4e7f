export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function toJson(value: unknown): Json {
  const parsed: Json = JSON.parse(JSON.stringify(value));
  return parsed;
}

/**
 * `expand[]=setup_intent`, `expand[]=data.customer`, `expand[]=latest_invoice.payment_intent`:
 * replace an id string at that path with the object it names.
 */
export function expand(value: Json, paths: string[], lookup: (id: string) => object | undefined): Json {
  let out = value;
  for (const path of paths) out = expandPath(out, path.split('.'), lookup);
  return out;
}

function expandPath(value: Json, path: string[], lookup: (id: string) => object | undefined): Json {
  if (path.length === 0) {
    if (typeof value === 'string') {
      const found = lookup(value);
      return found ? toJson(found) : value;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => expandPath(v, path, lookup));
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path;
  if (!(head in value)) return value;
  let child = value[head];
  // Walking through an id that is itself expandable (`a.b` where a is an id): expand a first.
  if (rest.length > 0 && typeof child === 'string') {
    const found = lookup(child);
    if (found) child = toJson(found);
  }
  return { ...value, [head]: expandPath(child, rest, lookup) };
}
