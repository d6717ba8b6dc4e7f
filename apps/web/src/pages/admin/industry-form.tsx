import { createIndustry, updateIndustry, type IndustryDto, type LeadColumnDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { REPORT_REASON_LABELS } from '../../api/leads';
import { discountOrNull, RESALE_LABELS, ResaleFields } from './resale-fields';
import {
  Field,
  FormAlert,
  SelectField,
  SubmitButton,
  noErrors,
  toFormErrors,
  useFocusFirstError,
  type FormErrors,
} from '../../components/form';

type ColumnType = LeadColumnDto['type'];
const COLUMN_TYPES: { type: ColumnType; label: string }[] = [
  { type: 'text', label: 'Text' },
  { type: 'email', label: 'Email' },
  { type: 'phone', label: 'Phone' },
  { type: 'postcode', label: 'Postcode' },
  { type: 'number', label: 'Number' },
  { type: 'date', label: 'Date' },
  { type: 'select', label: 'Choice (select)' },
];

/** A column being edited; `options` is the comma-separated text of a select's choices. */
interface ColumnDraft {
  uid: number;
  key: string;
  label: string;
  type: ColumnType;
  required: boolean;
  options: string;
  /** "pitched = Pitched - tiles, Pitched - slate; mixed = Mixed pitched and flat" */
  aliases: string;
}

/** The aliases as typed: `option = alias, alias; option = alias`. */
export function parseAliases(text: string): Record<string, string[]> {
  const aliases: Record<string, string[]> = {};
  for (const entry of text.split(';')) {
    const [option, list] = entry.split('=');
    const names = (list ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (option?.trim() && names.length > 0) aliases[option.trim()] = names;
  }
  return aliases;
}

const aliasesText = (aliases: Record<string, string[]> | undefined) =>
  Object.entries(aliases ?? {})
    .map(([option, names]) => `${option} = ${names.join(', ')}`)
    .join('; ');

let uids = 0;
const draftOf = (c?: LeadColumnDto): ColumnDraft => ({
  uid: (uids += 1),
  key: c?.key ?? '',
  label: c?.label ?? '',
  type: c?.type ?? 'text',
  required: c?.required ?? false,
  options: c?.options?.join(', ') ?? '',
  aliases: aliasesText(c?.aliases),
});

/** "Roof type" → "roof_type", to suggest a key while the label is typed. */
const keyFromLabel = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40);

/** "25" or "25.50" (pounds) → pence; NaN when it is not an amount. */
function toPence(text: string): number {
  const t = text.replace(/[£,\s]/g, '');
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : Number.NaN;
}

const LABELS: Record<string, string> = {
  name: 'Name',
  leadCost: 'Lead cost',
  currency: 'Currency',
  leadColumns: 'Lead columns',
  returnWindowDays: 'Return window (days)',
  returnReasons: 'Reasons a lead may be returned for',
  resaleDiscountPercent: RESALE_LABELS.resaleDiscountPercent,
  retentionDays: 'Keep personal data for (days)',
};
type ReportReason = keyof typeof REPORT_REASON_LABELS;
const REASONS = Object.keys(REPORT_REASON_LABELS) as ReportReason[];

/** "" → null (the default); a whole number within [min, max], or NaN. */
function wholeOrNull(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return /^\d+$/.test(t) && n >= min && n <= max ? n : Number.NaN;
}

function labelsFor(columns: ColumnDraft[]): Record<string, string> {
  const labels = { ...LABELS };
  columns.forEach((_, i) => {
    labels[`leadColumns.${i}.key`] = 'Key';
    labels[`leadColumns.${i}.label`] = 'Label';
    labels[`leadColumns.${i}.type`] = 'Type';
    labels[`leadColumns.${i}.required`] = 'Required';
    labels[`leadColumns.${i}.options`] = 'Options';
    labels[`leadColumns.${i}.aliases`] = 'Other spellings';
  });
  return labels;
}

interface Props {
  industry: IndustryDto | null;
  onSaved: (industry: IndustryDto) => void;
  onCancel: () => void;
}

/** Create or edit an industry, with its lead columns: what each lead for it carries. */
export function IndustryForm({ industry, onSaved, onCancel }: Props) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(industry?.name ?? '');
  const [cost, setCost] = useState(industry ? (industry.leadCost / 100).toFixed(2) : '');
  const [currency, setCurrency] = useState(industry?.currency ?? 'GBP');
  const [columns, setColumns] = useState<ColumnDraft[]>(() => (industry?.leadColumns ?? []).map(draftOf));
  const [windowDays, setWindowDays] = useState(industry?.returnWindowDays != null ? String(industry.returnWindowDays) : '');
  const [reasons, setReasons] = useState<ReportReason[]>(() => (industry?.returnReasons as ReportReason[] | null | undefined) ?? []);
  const [resaleAuto, setResaleAuto] = useState(industry?.resaleAuto ?? false);
  const [discount, setDiscount] = useState(industry?.resaleDiscountPercent != null ? String(industry.resaleDiscountPercent) : '');
  const [retention, setRetention] = useState(industry?.retentionDays ? String(industry.retentionDays) : '');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  function change(uid: number, patch: Partial<ColumnDraft>) {
    setColumns((cs) =>
      cs.map((c) => {
        if (c.uid !== uid) return c;
        // Suggest the key from the label until someone types a key of their own.
        const followsLabel = c.key === '' || c.key === keyFromLabel(c.label);
        return { ...c, ...patch, ...(patch.label !== undefined && followsLabel ? { key: keyFromLabel(patch.label) } : {}) };
      }),
    );
  }

  function addColumn() {
    setColumns((cs) => [...cs, draftOf()]);
    // Focus the new row's label once it is rendered.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('.column-row:last-of-type input')?.focus());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const leadCost = toPence(cost);
    if (Number.isNaN(leadCost)) return setErrors({ fields: { leadCost: ['Lead cost must be an amount such as 25 or 25.50'] } });
    if (retention.trim() && !/^\d+$/.test(retention.trim()))
      return setErrors({ fields: { retentionDays: ['Keep personal data for a whole number of days, or leave it empty'] } });
    const leadColumns: LeadColumnDto[] = columns.map((c) => ({
      key: c.key.trim(),
      label: c.label.trim(),
      type: c.type,
      required: c.required,
      ...(c.type === 'select'
        ? {
            options: c.options
              .split(',')
              .map((o) => o.trim())
              .filter(Boolean),
            ...(c.aliases.trim() ? { aliases: parseAliases(c.aliases) } : {}),
          }
        : {}),
    }));
    const returnWindowDays = wholeOrNull(windowDays, 1, 90);
    if (Number.isNaN(returnWindowDays))
      return setErrors({ fields: { returnWindowDays: ['Enter whole days from 1 to 90, or leave it empty for the default.'] } });
    const resaleDiscountPercent = discountOrNull(discount);
    if (Number.isNaN(resaleDiscountPercent))
      return setErrors({ fields: { resaleDiscountPercent: ['Enter a whole percent from 0 to 100, or leave it empty for the default.'] } });
    const body = {
      name: name.trim(),
      leadCost,
      currency: currency.trim().toUpperCase(),
      leadColumns,
      returnWindowDays,
      // None ticked: every reason, as before.
      returnReasons: reasons.length === 0 ? null : reasons,
      resaleAuto,
      resaleDiscountPercent,
      // Empty: the platform's default (LEAD_RETENTION_DAYS).
      retentionDays: retention.trim() ? Number(retention.trim()) : null,
    };
    setBusy(true);
    const outcome = industry ? await call(updateIndustry({ path: { id: industry.id }, body })) : await call(createIndustry({ body }));
    setBusy(false);
    if (outcome.ok) onSaved(outcome.data);
    else if (outcome.failure.kind === 'api') {
      const next = toFormErrors(outcome.failure, labelsFor(columns));
      // "An industry with this name already exists" belongs to the name.
      setErrors(outcome.failure.status === 409 ? { fields: { name: [outcome.failure.message] } } : next);
    }
  }

  const title = industry ? `Edit ${industry.name}` : 'New industry';
  return (
    <section className="card form-card" aria-labelledby="industry-form-title">
      <h2 id="industry-form-title">{title}</h2>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="name"
          label={LABELS.name}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={errors.fields.name}
        />
        <div className="field-row">
          <Field
            name="leadCost"
            label={`${LABELS.leadCost} (${currency.trim().toUpperCase() || 'GBP'})`}
            inputMode="decimal"
            required
            value={cost}
            onChange={(e) => setCost(e.target.value)}
            hint="What a client pays per lead, in units of the currency, e.g. 25.00"
            errors={errors.fields.leadCost}
          />
          <Field
            name="currency"
            label={LABELS.currency}
            maxLength={3}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            autoCapitalize="characters"
            errors={errors.fields.currency}
          />
        </div>
        <Field
          name="retentionDays"
          label={LABELS.retentionDays}
          inputMode="numeric"
          value={retention}
          onChange={(e) => setRetention(e.target.value)}
          hint="After this many days a lead’s name, contact details, address and free text are erased; its postcode district, price and dates stay. Leave empty for the platform’s default."
          errors={errors.fields.retentionDays}
        />
        <fieldset className="fieldset">
          <legend>Lead columns</legend>
          <p className="field-hint">The fields each lead in this industry carries, besides name and contact details.</p>
          {errors.fields.leadColumns ? <p className="field-error">{errors.fields.leadColumns.join(' ')}</p> : null}
          {columns.length === 0 ? <p className="muted">No columns yet.</p> : null}
          <ol className="column-list">
            {columns.map((c, i) => (
              <li key={c.uid}>
                <div className="column-row" role="group" aria-label={`Column ${i + 1}`}>
                  <Field
                    name={`label-${c.uid}`}
                    label="Label"
                    value={c.label}
                    onChange={(e) => change(c.uid, { label: e.target.value })}
                    required
                    maxLength={80}
                    errors={errors.fields[`leadColumns.${i}.label`]}
                  />
                  <Field
                    name={`key-${c.uid}`}
                    label="Key"
                    value={c.key}
                    onChange={(e) => change(c.uid, { key: e.target.value })}
                    required
                    maxLength={40}
                    spellCheck={false}
                    hint="snake_case"
                    errors={errors.fields[`leadColumns.${i}.key`]}
                  />
                  <SelectField
                    label="Type"
                    value={c.type}
                    onChange={(e) => change(c.uid, { type: e.target.value as ColumnType })}
                    errors={errors.fields[`leadColumns.${i}.type`]}
                  >
                    {COLUMN_TYPES.map((t) => (
                      <option key={t.type} value={t.type}>
                        {t.label}
                      </option>
                    ))}
                  </SelectField>
                  {c.type === 'select' ? (
                    <Field
                      name={`options-${c.uid}`}
                      label="Options"
                      value={c.options}
                      onChange={(e) => change(c.uid, { options: e.target.value })}
                      hint="Comma-separated, e.g. pitched, flat"
                      errors={errors.fields[`leadColumns.${i}.options`]}
                    />
                  ) : null}
                  {c.type === 'select' ? (
                    <Field
                      name={`aliases-${c.uid}`}
                      label="Other spellings (optional)"
                      value={c.aliases}
                      onChange={(e) => change(c.uid, { aliases: e.target.value })}
                      hint="How suppliers write an option, e.g. pitched = Pitched - tiles, Pitched - slate; mixed = Mixed pitched and flat. Case, spacing and punctuation never matter."
                      errors={errors.fields[`leadColumns.${i}.aliases`]}
                    />
                  ) : null}
                  <div className="column-row-end">
                    <label className="check">
                      <input type="checkbox" checked={c.required} onChange={(e) => change(c.uid, { required: e.target.checked })} />
                      <span>Required</span>
                    </label>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setColumns((cs) => cs.filter((x) => x.uid !== c.uid))}
                      aria-label={`Remove column ${c.label || i + 1}`}
                    >
                      Remove
                    </button>
                  </div>
                </div>
              </li>
            ))}
          </ol>
          <button type="button" className="button" onClick={addColumn}>
            Add column
          </button>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Returns</legend>
          <Field
            name="returnWindowDays"
            label={LABELS.returnWindowDays}
            type="number"
            inputMode="numeric"
            min={1}
            max={90}
            step={1}
            value={windowDays}
            onChange={(e) => setWindowDays(e.target.value)}
            placeholder="Default"
            hint="How long after delivery a client may return one of these leads. Empty: the default window."
            errors={errors.fields.returnWindowDays}
          />
          <fieldset className="fieldset" aria-describedby="return-reasons-hint">
            <legend>{LABELS.returnReasons}</legend>
            <p className="field-hint" id="return-reasons-hint">
              None ticked: every reason.
            </p>
            {errors.fields.returnReasons ? <p className="field-error">{errors.fields.returnReasons.join(' ')}</p> : null}
            {REASONS.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  checked={reasons.includes(r)}
                  onChange={(e) => setReasons((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))}
                />
                <span>{REPORT_REASON_LABELS[r]}</span>
              </label>
            ))}
          </fieldset>
          <ResaleFields
            auto={resaleAuto}
            onAuto={setResaleAuto}
            discount={discount}
            onDiscount={setDiscount}
            placeholder="Default"
            hint="Taken off the price when an approved return is sold again (a campaign may set its own)."
            errors={errors.fields.resaleDiscountPercent}
          />
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <SubmitButton busy={busy} busyLabel="Saving…">
            {industry ? 'Save industry' : 'Create industry'}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
