import {
  type BusinessDetailsDto,
  type BusinessDetailsViewDto,
  listIndustriesOptions,
  type OnboardingStateDto,
  submitBusinessDetails,
} from '@leadflow/api-client';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApiCall } from '../../api/connection';
import { formatMoney } from '../../api/format';
import {
  Field,
  FormAlert,
  SelectField,
  SubmitButton,
  formValue,
  noErrors,
  toFormErrors,
  useFocusFirstError,
  type FormErrors,
} from '../../components/form';
import { useQuery } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

const LABELS = {
  businessName: 'Business name',
  industryId: 'Industry',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2 (optional)',
  town: 'Town or city',
  postcode: 'Postcode',
  phone: 'Business phone',
  website: 'Website (optional)',
};

function bodyOf(form: FormData): BusinessDetailsDto {
  const optional = (name: string) => formValue(form, name) || undefined;
  return {
    businessName: formValue(form, 'businessName'),
    industryId: formValue(form, 'industryId'),
    addressLine1: formValue(form, 'addressLine1'),
    addressLine2: optional('addressLine2'),
    town: formValue(form, 'town'),
    postcode: formValue(form, 'postcode'),
    phone: formValue(form, 'phone'),
    website: optional('website'),
  };
}

function unchanged(body: BusinessDetailsDto, saved: BusinessDetailsViewDto): boolean {
  return (
    body.businessName === saved.businessName &&
    body.industryId === saved.industryId &&
    body.addressLine1 === saved.addressLine1 &&
    (body.addressLine2 ?? null) === saved.addressLine2 &&
    body.town === saved.town &&
    body.postcode.toUpperCase().replace(/\s/g, '') === saved.postcode.replace(/\s/g, '') &&
    body.phone === saved.phone &&
    (body.website ?? null) === saved.website
  );
}

interface Props {
  initial: BusinessDetailsViewDto | null;
  /** The new state after a save, or null when nothing changed (so nothing was sent). */
  onSaved: (state: OnboardingStateDto | null) => void;
  submitLabel: string;
  /** Buttons shown before Submit (Back). */
  secondary?: ReactNode;
}

/** Step 2. Re-saving re-registers the business with Stripe, LeadByte and Xero, so an unchanged form is not sent. */
export function BusinessDetailsForm({ initial, onSaved, submitLabel, secondary }: Props) {
  const call = useApiCall();
  const industries = useQuery(listIndustriesOptions());
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = bodyOf(new FormData(event.currentTarget));
    if (initial && unchanged(body, initial)) return onSaved(null);
    setBusy(true);
    const outcome = await call(submitBusinessDetails({ body }));
    setBusy(false);
    if (outcome.ok) onSaved(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  if (!industries.data)
    return (
      <QueryView query={industries} loading="Loading industries…" failed="We couldn't load the industries.">
        {() => null}
      </QueryView>
    );

  const offered = industries.data;
  // An industry that has since been archived stays the client's own; show it so the form can be re-sent.
  const keepsArchived = initial && !offered.some((i) => i.id === initial.industryId);
  if (offered.length === 0 && !initial) {
    return <FormAlert>No industries are open for sign-up at the moment. Please try again later or contact us.</FormAlert>;
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
      {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
      <Field
        name="businessName"
        label={LABELS.businessName}
        autoComplete="organization"
        required
        maxLength={200}
        defaultValue={initial?.businessName}
        errors={errors.fields.businessName}
      />
      <SelectField
        name="industryId"
        label={LABELS.industryId}
        required
        defaultValue={initial?.industryId ?? ''}
        errors={errors.fields.industryId}
        hint="The price is what each lead costs you."
      >
        <option value="" disabled>
          Choose your industry
        </option>
        {offered.map((industry) => (
          <option key={industry.id} value={industry.id}>
            {`${industry.name} — ${formatMoney(industry.leadCost, industry.currency)} per lead`}
          </option>
        ))}
        {keepsArchived ? <option value={initial.industryId}>{`${initial.industryName} (no longer offered)`}</option> : null}
      </SelectField>
      <Field
        name="addressLine1"
        label={LABELS.addressLine1}
        autoComplete="address-line1"
        required
        maxLength={200}
        defaultValue={initial?.addressLine1}
        errors={errors.fields.addressLine1}
      />
      <Field
        name="addressLine2"
        label={LABELS.addressLine2}
        autoComplete="address-line2"
        maxLength={200}
        defaultValue={initial?.addressLine2 ?? ''}
        errors={errors.fields.addressLine2}
      />
      <div className="field-row">
        <Field
          name="town"
          label={LABELS.town}
          autoComplete="address-level2"
          required
          maxLength={100}
          defaultValue={initial?.town}
          errors={errors.fields.town}
        />
        <Field
          name="postcode"
          label={LABELS.postcode}
          autoComplete="postal-code"
          autoCapitalize="characters"
          required
          maxLength={10}
          defaultValue={initial?.postcode}
          errors={errors.fields.postcode}
        />
      </div>
      <Field
        name="phone"
        label={LABELS.phone}
        type="tel"
        autoComplete="tel"
        required
        maxLength={20}
        defaultValue={initial?.phone}
        errors={errors.fields.phone}
      />
      <Field
        name="website"
        label={LABELS.website}
        type="url"
        autoComplete="url"
        inputMode="url"
        placeholder="https://"
        maxLength={255}
        defaultValue={initial?.website ?? ''}
        errors={errors.fields.website}
      />
      <div className="form-actions">
        {secondary}
        <SubmitButton busy={busy} busyLabel="Saving…">
          {submitLabel}
        </SubmitButton>
      </div>
    </form>
  );
}
