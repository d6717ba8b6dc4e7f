import { Field } from '../../components/form';

export const RESALE_LABELS = { resaleAuto: 'Sell approved returns again at once', resaleDiscountPercent: 'Resale discount (%)' };

/** "" → null (the default); a whole percent from 0 to 100, or NaN. */
export function discountOrNull(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return /^\d+$/.test(t) && Number(t) <= 100 ? Number(t) : Number.NaN;
}

/** Whether an approved return is sold again at once, and at what discount: a campaign's or an industry's. */
export function ResaleFields({
  auto,
  onAuto,
  discount,
  onDiscount,
  placeholder,
  hint,
  errors,
}: {
  auto: boolean;
  onAuto: (auto: boolean) => void;
  discount: string;
  onDiscount: (text: string) => void;
  /** What an empty discount means ("Industry's", "Default"). */
  placeholder: string;
  hint: string;
  errors?: string[];
}) {
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={auto} onChange={(e) => onAuto(e.target.checked)} />
        <span>{RESALE_LABELS.resaleAuto}</span>
      </label>
      <Field
        name="resaleDiscountPercent"
        label={RESALE_LABELS.resaleDiscountPercent}
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        step={1}
        value={discount}
        onChange={(e) => onDiscount(e.target.value)}
        placeholder={placeholder}
        hint={hint}
        errors={errors}
      />
    </>
  );
}
