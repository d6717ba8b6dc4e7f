import { createCampaign, updateCampaign, type CampaignDto, type IndustryDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { STRATEGY_LABELS, type Strategy } from '../../api/leads';
import { discountOrNull, RESALE_LABELS, ResaleFields } from './resale-fields';
import { parsePounds, poundsInput } from '../../api/money';
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

const STRATEGIES = Object.keys(STRATEGY_LABELS) as Strategy[];
const LABELS = {
  name: 'Name',
  industryId: 'Industry',
  strategy: 'Strategy',
  priceOverride: 'Price override (£)',
  active: 'Active',
  ...RESALE_LABELS,
};

/** Create or edit a campaign: an industry's leads and how they are shared between its buyers. */
export function CampaignForm({
  campaign,
  industries,
  onSaved,
  onCancel,
}: {
  campaign: CampaignDto | null;
  industries: IndustryDto[];
  onSaved: (c: CampaignDto) => void;
  onCancel: () => void;
}) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(campaign?.name ?? '');
  const [industryId, setIndustryId] = useState(campaign?.industryId ?? '');
  const [strategy, setStrategy] = useState<Strategy>(campaign?.strategy ?? 'round_robin');
  const [price, setPrice] = useState(campaign?.priceOverride != null ? poundsInput(campaign.priceOverride) : '');
  const [active, setActive] = useState(campaign?.active ?? true);
  const [resaleAuto, setResaleAuto] = useState(campaign?.resaleAuto ?? false);
  const [discount, setDiscount] = useState(campaign?.resaleDiscountPercent != null ? String(campaign.resaleDiscountPercent) : '');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);
  const industry = industries.find((i) => i.id === industryId);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const priceOverride = price.trim() ? parsePounds(price) : null;
    if (price.trim() && priceOverride === null)
      return setErrors({ fields: { priceOverride: ['Enter an amount in pounds, like 25 or 25.50, or leave it empty.'] } });
    if (!industryId) return setErrors({ fields: { industryId: ['Choose an industry.'] } });
    const resaleDiscountPercent = discountOrNull(discount);
    if (Number.isNaN(resaleDiscountPercent))
      return setErrors({ fields: { resaleDiscountPercent: ['Enter a whole percent from 0 to 100, or leave it empty.'] } });
    const body = { name: name.trim(), industryId, strategy, priceOverride, active, resaleAuto, resaleDiscountPercent };
    setBusy(true);
    const outcome = campaign ? await call(updateCampaign({ path: { id: campaign.id }, body })) : await call(createCampaign({ body }));
    setBusy(false);
    if (outcome.ok) onSaved(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  return (
    <section className="card form-card" aria-labelledby="campaign-form-title">
      <h2 id="campaign-form-title">{campaign ? `Edit ${campaign.name}` : 'New campaign'}</h2>
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
        <SelectField
          label={LABELS.industryId}
          value={industryId}
          onChange={(e) => setIndustryId(e.target.value)}
          errors={errors.fields.industryId}
          required
        >
          <option value="">Choose an industry</option>
          {industries.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
              {i.archivedAt ? ' (archived)' : ''}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={LABELS.strategy}
          value={strategy}
          onChange={(e) => setStrategy(e.target.value as Strategy)}
          errors={errors.fields.strategy}
          hint="Weighted uses each buyer's weight; waterfall tries buyers by priority (1 first); broadcast sells to every eligible buyer."
        >
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {STRATEGY_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <Field
          name="priceOverride"
          label={LABELS.priceOverride}
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          placeholder={industry ? poundsInput(industry.leadCost) : ''}
          hint={industry ? `Empty: the industry's lead cost, £${poundsInput(industry.leadCost)}.` : "Empty: the industry's lead cost."}
          errors={errors.fields.priceOverride}
        />
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          <span>Active (takes leads)</span>
        </label>
        <fieldset className="fieldset">
          <legend>Returns</legend>
          <ResaleFields
            auto={resaleAuto}
            onAuto={setResaleAuto}
            discount={discount}
            onDiscount={setDiscount}
            placeholder="Industry's"
            hint="An approved return is offered to buyers who never had it, this much off. Empty: the industry's discount, else the default."
            errors={errors.fields.resaleDiscountPercent}
          />
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <SubmitButton busy={busy} busyLabel="Saving…">
            {campaign ? 'Save campaign' : 'Create campaign'}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
