import { useEffect, useId, type InputHTMLAttributes, type ReactNode, type RefObject, type SelectHTMLAttributes } from 'react';
import { tooManyAttemptsMessage, type ApiFailure } from '../api/api-result';

/** What a form shows after the API refused it: messages next to the named fields, or one message. */
export interface FormErrors {
  message?: string;
  fields: Record<string, string[]>;
}

export const noErrors: FormErrors = { fields: {} };

/**
 * Maps an API failure onto a form. `details` go next to the fields the form has (with the API's
 * property name swapped for the field's label: "firstName should not be empty" → "First name …");
 * anything else becomes the form's message.
 */
/**
 * The API names the field it means ("dailyCap must be at least 1", "industryId must be one of…");
 * under the field, whose label is right there, the message says only what is wrong, as a sentence:
 * "Must be at least 1." Nested fields ("leadColumns.0.key") come with messages naming only the last part.
 */
export function besideField(field: string, message: string): string {
  const name = field.slice(field.lastIndexOf('.') + 1);
  const prefix = [field, name].find((p) => message.startsWith(`${p} `));
  if (!prefix) return message;
  const rest = message.slice(prefix.length).trim();
  const sentence = rest.charAt(0).toUpperCase() + rest.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export function toFormErrors(failure: ApiFailure, labels: Record<string, string>): FormErrors {
  if (failure.status === 429) return { message: tooManyAttemptsMessage(failure.retryAfter), fields: {} };
  const fields: Record<string, string[]> = {};
  const leftovers: string[] = [];
  for (const [field, messages] of Object.entries(failure.fields)) {
    const label = labels[field];
    if (label) fields[field] = messages.map((m) => besideField(field, m));
    else leftovers.push(...messages);
  }
  const matched = Object.keys(fields).length > 0;
  const message = leftovers.length > 0 ? leftovers.join(' ') : matched ? undefined : failure.message;
  return { fields, ...(message ? { message } : {}) };
}

/** After a failed submit, put the keyboard on the first field that needs fixing (or the message). */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, errors: FormErrors): void {
  useEffect(() => {
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .form-alert');
    target?.focus();
  }, [form, errors]);
}

interface FieldFrameProps {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  className?: string;
  /** Renders the control with the ids that tie it to its label, hint and error. */
  children: (control: { id: string; invalid: boolean; describedBy: string | undefined }) => ReactNode;
}

/** Label, control, and either the hint or the API's error under it — the same for every kind of control. */
export function FieldFrame({ label, hint, errors, className, children }: FieldFrameProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = (errors?.length ?? 0) > 0;
  // The error restates the hint's rule, so only one of them shows at a time.
  const showHint = hint && !invalid;
  const describedBy = invalid ? errorId : showHint ? hintId : undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children({ id, invalid, describedBy })}
      {invalid ? (
        <p id={errorId} className="field-error">
          {errors?.join(' ')}
        </p>
      ) : null}
      {showHint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> & {
  name: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
};

export function Field({ name, label, hint, errors, className, ...input }: FieldProps) {
  return (
    <FieldFrame label={label} hint={hint} errors={errors} className={className}>
      {({ id, invalid, describedBy }) => (
        <input id={id} name={name} aria-invalid={invalid || undefined} aria-describedby={describedBy} {...input} />
      )}
    </FieldFrame>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
};

export function SelectField({ label, hint, errors, className, children, ...select }: SelectFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} errors={errors} className={className}>
      {({ id, invalid, describedBy }) => (
        <select id={id} aria-invalid={invalid || undefined} aria-describedby={describedBy} {...select}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}

export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <div className="form-alert" role="alert" tabIndex={-1}>
      {children}
    </div>
  );
}

export function SubmitButton({
  busy,
  children,
  busyLabel,
  className,
}: {
  busy: boolean;
  children: ReactNode;
  busyLabel: string;
  className?: string;
}) {
  return (
    <button type="submit" className={['button button-primary', className].filter(Boolean).join(' ')} disabled={busy} aria-disabled={busy}>
      {busy ? (
        <>
          <span className="spinner spinner-small" aria-hidden="true" />
          {busyLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}

/** The text of one form input, trimmed unless it is a password. */
export function formValue(form: FormData, name: string): string {
  const value = form.get(name);
  if (typeof value !== 'string') return '';
  return name.toLowerCase().includes('password') ? value : value.trim();
}
