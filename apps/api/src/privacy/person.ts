import { ValidationFailedException } from '../core/http/validation';
import { normaliseEmail, normaliseUkPhone } from '../leads';

/** The person a privacy request is about, as leads hold them: the email lower-cased, the phone in E.164. */
export interface Person {
  email: string | null;
  phone: string | null;
}

/**
 * A request's email and phone, normalised the way leads normalise them, so a person is found
 * however they wrote either. At least one is needed; each field's problem is named.
 */
export function personOf(input: { email?: string | null; phone?: string | null }): Person {
  const given = (value: string | null | undefined) => (typeof value === 'string' && value.trim() !== '' ? value : null);
  const email = given(input.email);
  const phone = given(input.phone);
  if (email === null && phone === null) {
    throw new ValidationFailedException([
      { field: 'email', messages: ['email or phone is required'] },
      { field: 'phone', messages: ['email or phone is required'] },
    ]);
  }
  const person: Person = { email: email === null ? null : normaliseEmail(email), phone: phone === null ? null : normaliseUkPhone(phone) };
  const problems = [
    ...(email !== null && person.email === null ? [{ field: 'email', messages: ['email must be an email address'] }] : []),
    ...(phone !== null && person.phone === null ? [{ field: 'phone', messages: ['phone must be a UK phone number'] }] : []),
  ];
  if (problems.length > 0) throw new ValidationFailedException(problems);
  return person;
}
