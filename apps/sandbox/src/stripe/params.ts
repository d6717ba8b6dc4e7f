import { StripeApiError } from './errors';
import type { FormObject, FormValue } from './form';

/** Typed reads of form parameters that fail the way Stripe does (400 naming the param). */
export class Params {
  constructor(readonly raw: FormObject) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  /** Reject parameters the route does not know, like Stripe's `parameter_unknown`. */
  allowOnly(names: readonly string[]): this {
    for (const key of Object.keys(this.raw)) {
      if (key === 'expand' || names.includes(key)) continue;
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param: key,
        message: `Received unknown parameter: ${key}`,
      });
    }
    return this;
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw StripeApiError.invalid(`Invalid string: ${name}`, name);
    return v;
  }

  requiredStr(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw StripeApiError.invalid(`Missing required param: ${name}.`, name, 'parameter_missing');
    return v;
  }

  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined || v === '') return undefined;
    if (!/^-?\d+$/.test(v)) throw StripeApiError.invalid(`Invalid integer: ${v}`, name);
    return Number(v);
  }

  requiredInt(name: string): number {
    const v = this.int(name);
    if (v === undefined) throw StripeApiError.invalid(`Missing required param: ${name}.`, name, 'parameter_missing');
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined || v === '') return undefined;
    if (v !== 'true' && v !== 'false') throw StripeApiError.invalid(`Invalid boolean: ${v}`, name);
    return v === 'true';
  }

  obj(name: string): Params | undefined {
    const v = this.raw[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string' || Array.isArray(v)) throw StripeApiError.invalid(`Invalid object`, name);
    return new Params(v);
  }

  strArray(name: string): string[] | undefined {
    const v: FormValue | undefined = this.raw[name];
    if (v === undefined || v === '') return undefined;
    const items = Array.isArray(v) ? v : typeof v === 'string' ? [v] : Object.values(v);
    return items.map((item) => {
      if (typeof item !== 'string') throw StripeApiError.invalid(`Invalid array`, name);
      return item;
    });
  }

  /** Metadata as sent: values are strings; '' means "unset this key" on update. */
  metadata(name = 'metadata'): Record<string, string> | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    if (v === '') return {};
    if (typeof v === 'string' || Array.isArray(v)) throw StripeApiError.invalid('Invalid hash', name);
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(v)) {
      if (typeof value !== 'string') throw StripeApiError.invalid('Invalid hash', `${name}[${k}]`);
      if (k.length > 40) throw StripeApiError.invalid('Metadata keys can have a maximum length of 40 characters.', `${name}[${k}]`);
      if (value.length > 500) throw StripeApiError.invalid('Metadata values can have a maximum length of 500 characters.', `${name}[${k}]`);
      out[k] = value;
    }
    if (Object.keys(out).length > 50) throw StripeApiError.invalid('Metadata can have a maximum of 50 keys.', name);
    return out;
  }
}

export function mergeMetadata(current: Record<string, string> | null, update: Record<string, string> | undefined): Record<string, string> {
  const out = { ...(current ?? {}) };
  if (!update) return out;
  if (Object.keys(update).length === 0) return {};
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}
