/** The `error` object Stripe returns; the SDK picks its error class from `type` + HTTP status. */
export interface StripeErrorBody {
  type: 'card_error' | 'invalid_request_error' | 'idempotency_error' | 'api_error' | 'authentication_error' | 'rate_limit_error';
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
  charge?: string;
  request_log_url?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }

  static invalid(message: string, param?: string, code?: string): StripeApiError {
    return new StripeApiError(400, { type: 'invalid_request_error', message, param, code });
  }

  static missing(kind: string, id: string, param = 'id'): StripeApiError {
    return new StripeApiError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${kind}: '${id}'`,
      param,
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    });
  }

  static unexpectedState(message: string, extra: Partial<StripeErrorBody> = {}): StripeApiError {
    return new StripeApiError(400, {
      type: 'invalid_request_error',
      code: extra.code ?? 'payment_intent_unexpected_state',
      message,
      doc_url: 'https://stripe.com/docs/error-codes/payment-intent-unexpected-state',
      ...extra,
    });
  }
}
