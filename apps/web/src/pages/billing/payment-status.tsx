import type { PaymentDto } from '@leadflow/api-client';
import { PAYMENT_STATUS_LABELS, PAYMENT_STATUS_TONES } from '../../api/format';

export function PaymentStatusBadge({ status }: { status: PaymentDto['status'] }) {
  return <span className={['tag', PAYMENT_STATUS_TONES[status]].filter(Boolean).join(' ')}>{PAYMENT_STATUS_LABELS[status]}</span>;
}
