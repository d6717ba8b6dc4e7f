import { telHref, ukPhone } from '../api/phone';

/** A phone number as people write it (UK format), tappable to call. */
export function PhoneLink({ value }: { value: string }) {
  const href = telHref(value);
  const shown = ukPhone(value);
  return href ? <a href={href}>{shown}</a> : <>{shown}</>;
}
