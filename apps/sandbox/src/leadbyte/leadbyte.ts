import express, { type Request, type Response, type Router } from 'express';
import type { Clock } from '../core/clock';
import type { FailureInjector, InjectedError } from '../core/failures';
import { generateLeads, isIndustry, UnknownPostcodePrefixError } from './lead-generator';

export interface Buyer {
  bid: number;
  company: string;
  postcode: string | null;
  external_ref: string | null;
  fields: Record<string, unknown>;
  createdAt: string;
}

export interface DeliveryAttempt {
  at: string;
  httpStatus: number;
  body: string;
  status: 'accepted' | 'rejected';
  error?: string;
  durationMs: number;
}

export interface Delivery {
  leadId: number;
  url: string;
  lead: Record<string, unknown>;
  acceptKeyword: string;
  rejectKeyword: string | null;
  attempts: DeliveryAttempt[];
}

export interface DeliveryResult {
  leadId: number;
  status: 'accepted' | 'rejected';
  httpStatus: number;
  body: string;
  attempt: number;
  error?: string;
  price?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function renderLeadByteFailure(res: Response, e: InjectedError): void {
  res.status(e.status ?? 500).json({ status: 'Error', message: e.message ?? 'Internal error (injected by the sandbox)', code: e.code });
}

/** LeadByte: the buyer API LeadFlow calls, and direct-post deliveries LeadByte makes to LeadFlow. */
export class LeadByteService {
  readonly buyers = new Map<number, Buyer>();
  readonly deliveries = new Map<number, Delivery>();
  private nextBid = 1001;
  private nextLeadId = 500001;

  constructor(
    private readonly clock: Clock,
    private readonly apiKey: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  reset(): void {
    this.buyers.clear();
    this.deliveries.clear();
    this.nextBid = 1001;
    this.nextLeadId = 500001;
  }

  keyIsValid(key: string | undefined): boolean {
    if (!key) return false;
    return this.apiKey ? key === this.apiKey : true;
  }

  createBuyer(body: Record<string, unknown>): Buyer {
    const str = (k: string): string | null => (typeof body[k] === 'string' || typeof body[k] === 'number' ? String(body[k]) : null);
    const buyer: Buyer = {
      bid: this.nextBid++,
      company: str('company') ?? '',
      postcode: str('postcode'),
      external_ref: str('external_ref'),
      fields: body,
      createdAt: new Date(this.clock.nowMs()).toISOString(),
    };
    this.buyers.set(buyer.bid, buyer);
    return buyer;
  }

  /** Direct post: send the lead as JSON, judge the answer by keyword like a LeadByte response rule. */
  async deliver(input: {
    url: string;
    lead: Record<string, unknown>;
    leadId?: number;
    acceptKeyword?: string;
    rejectKeyword?: string;
  }): Promise<DeliveryResult> {
    const leadId = input.leadId ?? this.nextLeadId++;
    if (input.leadId !== undefined && input.leadId >= this.nextLeadId) this.nextLeadId = input.leadId + 1;
    let delivery = this.deliveries.get(leadId);
    if (!delivery) {
      delivery = {
        leadId,
        url: input.url,
        lead: input.lead,
        acceptKeyword: input.acceptKeyword ?? 'accepted',
        rejectKeyword: input.rejectKeyword ?? null,
        attempts: [],
      };
      this.deliveries.set(leadId, delivery);
    } else {
      delivery.url = input.url;
      delivery.lead = input.lead;
    }
    return this.send(delivery);
  }

  async redeliver(leadId: number): Promise<DeliveryResult | undefined> {
    const delivery = this.deliveries.get(leadId);
    return delivery ? this.send(delivery) : undefined;
  }

  private async send(delivery: Delivery): Promise<DeliveryResult> {
    const started = Date.now();
    const attempt: DeliveryAttempt = {
      at: new Date(this.clock.nowMs()).toISOString(),
      httpStatus: 0,
      body: '',
      status: 'rejected',
      durationMs: 0,
    };
    delivery.attempts.push(attempt);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'LeadByte/1.3 (sandbox)' },
        body: JSON.stringify({ ...delivery.lead, lead_id: delivery.leadId }),
        signal: AbortSignal.timeout(15_000),
      });
      attempt.httpStatus = response.status;
      attempt.body = (await response.text()).slice(0, 10_000);
      const text = attempt.body.toLowerCase();
      const accepted =
        text.includes(delivery.acceptKeyword.toLowerCase()) &&
        !(delivery.rejectKeyword && text.includes(delivery.rejectKeyword.toLowerCase()));
      attempt.status = accepted ? 'accepted' : 'rejected';
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    attempt.durationMs = Date.now() - started;
    this.log(`leadbyte delivery ${delivery.leadId} -> ${delivery.url}: ${attempt.httpStatus} ${attempt.status}`);
    const result: DeliveryResult = {
      leadId: delivery.leadId,
      status: attempt.status,
      httpStatus: attempt.httpStatus,
      body: attempt.body,
      attempt: delivery.attempts.length,
    };
    if (attempt.error) result.error = attempt.error;
    const price = readPrice(attempt.body);
    if (price !== undefined) result.price = price;
    return result;
  }
}

/** LeadByte can read a price from the buyer's answer: `{"price": 12.5}`. */
function readPrice(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed) && (typeof parsed.price === 'number' || typeof parsed.price === 'string')) {
      const n = Number(parsed.price);
      return Number.isFinite(n) ? n : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** `/leadbyte/restapi/v1.3/...` — what LeadFlow calls. */
export function leadbyteApiRouter(service: LeadByteService, failures: FailureInjector): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(express.urlencoded({ extended: false }));

  router.post('/restapi/v1.3/buyers/create', (req: Request, res: Response) => {
    const key = req.header('x_key') ?? req.header('x-key') ?? (typeof req.query.key === 'string' ? req.query.key : undefined);
    if (!service.keyIsValid(key)) {
      res.status(401).json({ status: 'Error', message: key ? 'Invalid API key' : 'Missing API key (X_KEY header)' });
      return;
    }
    if (failures.intercept('leadbyte.buyers.create', res, renderLeadByteFailure)) return;
    const body: unknown = req.body;
    if (!isRecord(body)) {
      res.status(400).json({ status: 'Error', message: 'Request body must be a JSON object' });
      return;
    }
    const company = body.company;
    if (typeof company !== 'string' || company.trim() === '') {
      res.status(400).json({ status: 'Error', message: 'company is required', field: 'company' });
      return;
    }
    const buyer = service.createBuyer(body);
    res.json({ status: 'Success', bid: buyer.bid });
  });

  router.use((req: Request, res: Response) => {
    res.status(404).json({ status: 'Error', message: `Unknown endpoint ${req.method} ${req.path}` });
  });
  return router;
}

/** `/_sandbox/leadbyte/...` — tests play LeadByte's side: push leads into LeadFlow. */
export function leadbyteControlRouter(service: LeadByteService): Router {
  const router = express.Router();

  router.post('/deliveries', async (req: Request, res: Response) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.url !== 'string' || !isRecord(body.lead)) {
      res
        .status(400)
        .json({ error: 'expected { url: string, lead: object, leadId?: number, acceptKeyword?: string, rejectKeyword?: string }' });
      return;
    }
    const leadId = body.leadId === undefined ? undefined : Number(body.leadId);
    if (leadId !== undefined && !Number.isInteger(leadId)) {
      res.status(400).json({ error: 'leadId must be an integer' });
      return;
    }
    const result = await service.deliver({
      url: body.url,
      lead: body.lead,
      leadId,
      acceptKeyword: typeof body.acceptKeyword === 'string' ? body.acceptKeyword : undefined,
      rejectKeyword: typeof body.rejectKeyword === 'string' ? body.rejectKeyword : undefined,
    });
    res.json(result);
  });

  router.post('/deliveries/:leadId/redeliver', async (req: Request, res: Response) => {
    const result = await service.redeliver(Number(req.params.leadId));
    if (!result) {
      res.status(404).json({ error: `no delivery with lead id ${req.params.leadId}` });
      return;
    }
    res.json(result);
  });

  router.get('/deliveries', (_req: Request, res: Response) => {
    res.json({ data: [...service.deliveries.values()] });
  });

  router.get('/buyers', (_req: Request, res: Response) => {
    res.json({ data: [...service.buyers.values()] });
  });

  router.get('/generate', (req: Request, res: Response) => {
    const industry = req.query.industry ?? 'solar';
    if (!isIndustry(industry)) {
      res.status(400).json({ error: 'industry must be one of solar, boilers, conveyancing' });
      return;
    }
    const count = Number(req.query.count ?? 1);
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      res.status(400).json({ error: 'count must be an integer 1..1000' });
      return;
    }
    const prefix = typeof req.query.postcodePrefix === 'string' && req.query.postcodePrefix ? req.query.postcodePrefix : undefined;
    const seed = typeof req.query.seed === 'string' && req.query.seed ? req.query.seed : undefined;
    try {
      res.json({
        data: generateLeads({
          industry,
          count,
          postcodePrefix: prefix,
          seed: seed !== undefined && /^\d+$/.test(seed) ? Number(seed) : seed,
        }),
      });
    } catch (error) {
      if (error instanceof UnknownPostcodePrefixError) {
        res.status(400).json({ error: error.message });
        return;
      }
      throw error;
    }
  });

  return router;
}
