import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MaxLength,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? []
    : String(value)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** The environment as the process receives it; every variable is documented in .env.example. */
class EnvSchema {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL!: string;

  @IsOptional()
  @Matches(/^[a-zA-Z0-9:_-]{1,64}$/, { message: 'REDIS_PREFIX may use letters, digits, ":", "_" and "-"' })
  REDIS_PREFIX = 'leadflow';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES = 60;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  APP_URL = 'http://localhost:5173';

  @Transform(toList)
  @IsOptional()
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /** `false`, a hop count, or proxy addresses/subnets: parsed by parseTrustProxy. */
  @IsOptional()
  @IsString()
  TRUST_PROXY = 'false';

  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL!: string;

  @IsOptional()
  @IsString()
  MAIL_FROM = 'LeadFlow <no-reply@leadflow.local>';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_IP = 30;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_EMAIL = 5;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_WINDOW_SECONDS = 60;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_API_URL = 'http://localhost:3000';

  @Matches(/^[A-Za-z0-9+/=_-]{43,}$/, { message: 'ENCRYPTION_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32)' })
  ENCRYPTION_KEY!: string;

  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, { message: 'STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)' })
  STRIPE_SECRET_KEY!: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  STRIPE_API_URL = 'https://api.stripe.com';

  @Matches(/^whsec_[A-Za-z0-9+/=_-]+$/, { message: 'STRIPE_WEBHOOK_SECRET must be a whsec_… signing secret' })
  STRIPE_WEBHOOK_SECRET!: string;

  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'LEADBYTE_API_URL must be the base URL of your LeadByte account (https://<account>.leadbyte.co.uk)' },
  )
  LEADBYTE_API_URL!: string;

  @IsString()
  @MinLength(8, { message: 'LEADBYTE_API_KEY must be at least 8 characters' })
  LEADBYTE_API_KEY!: string;

  @IsString()
  @MinLength(1)
  XERO_CLIENT_ID!: string;

  @IsString()
  @MinLength(1)
  XERO_CLIENT_SECRET!: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  XERO_AUTHORIZE_URL = 'https://login.xero.com/identity/connect/authorize';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  XERO_TOKEN_URL = 'https://identity.xero.com/connect/token';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  XERO_CONNECTIONS_URL = 'https://api.xero.com/connections';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  XERO_API_URL = 'https://api.xero.com/api.xro/2.0';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(600_000)
  INTEGRATION_RETRY_BASE_MS = 2_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  INTEGRATION_ATTEMPTS = 6;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(500)
  @Max(600_000)
  QUEUE_LOCK_DURATION_MS = 30_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  QUEUE_STALLED_INTERVAL_MS = 30_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  VAT_RATE_BPS = 2_000;

  @IsOptional()
  @IsIn(['added', 'included'])
  VAT_MODE: 'added' | 'included' = 'added';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(50)
  TOP_UP_MIN = 1_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  TOP_UP_MAX = 500_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_080)
  AUTO_CHARGE_BACKOFF_MINUTES = 60;

  @IsOptional()
  @IsString()
  WEEKLY_INVOICE_CRON = '0 9 * * 1';

  @IsOptional()
  @IsString()
  BILLING_TIME_ZONE = 'Europe/London';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  WEEKLY_INVOICE_DUE_DAYS = 7;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  BILLING_SWEEP_INTERVAL_MS = 60_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  BILLING_SWEEP_GRACE_MS = 600_000;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  XERO_SALES_ACCOUNT_CODE = '200';

  @IsOptional()
  @IsString()
  @MaxLength(50)
  XERO_TAX_TYPE = 'OUTPUT2';

  /** Revenue account of the subscription invoices' lines in Xero (the default chart's Sales; point it at a dedicated account if you keep one). */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  XERO_SUBSCRIPTION_ACCOUNT_CODE = '200';

  /** The bank account (code) Xero records subscription payments in (090: the default chart's business bank account). */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  XERO_BANK_ACCOUNT_CODE = '090';

  /** Who sells: printed on every receipt. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  COMPANY_NAME = 'LeadFlow';

  /** Our postal address on receipts, its lines separated by commas. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  COMPANY_ADDRESS = '';

  /** Our VAT registration number; without it a receipt is a plain receipt, not a VAT receipt. */
  @IsOptional()
  @Matches(/^$|^[A-Z]{2} ?[0-9A-Z][0-9A-Z ]{4,16}$/, {
    message: 'COMPANY_VAT_NUMBER must be a VAT number with its country prefix, e.g. GB123456789',
  })
  COMPANY_VAT_NUMBER = '';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  DUPLICATE_WINDOW_DAYS = 30;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  REPORT_WINDOW_DAYS = 7;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600)
  PING_TTL_SECONDS = 60;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  RETURN_RATE_LIMIT_PERCENT = 15;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  RETURN_AUTO_APPROVE_BELOW_PERCENT = 0;

  @IsOptional()
  @Matches(/^\s*([a-z_]+\s*(,\s*[a-z_]+\s*)*)?$/, { message: 'RETURN_AUTO_APPROVE_REASONS must be report reasons separated by commas' })
  RETURN_AUTO_APPROVE_REASONS = 'wrong_number,fake';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  RESALE_DISCOUNT_PERCENT = 25;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  LEAD_RETENTION_DAYS = 365;

  @IsOptional()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'LEAD_RETENTION_CRON must be a cron expression (five or six fields), e.g. 30 2 * * *' })
  LEAD_RETENTION_CRON = '30 2 * * *';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'PRIVACY_HASH_KEY must be at least 32 characters (openssl rand -base64 32)' })
  PRIVACY_HASH_KEY?: string;

  @IsOptional()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'SUBSCRIPTION_CYCLE_CRON must be a cron expression (five or six fields), e.g. */15 * * * *' })
  SUBSCRIPTION_CYCLE_CRON = '*/15 * * * *';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  SUBSCRIPTION_ISSUE_DAYS_BEFORE = 7;

  @IsOptional()
  @Matches(/^\d{1,2}(,\d{1,2}){0,9}$/, { message: 'SUBSCRIPTION_RETRY_DAYS must be days after the due date, comma-separated, e.g. 1,3,5' })
  SUBSCRIPTION_RETRY_DAYS = '1,3,5';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  SUBSCRIPTION_GRACE_DAYS = 7;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  API_RATE_LIMIT_PER_MINUTE = 600;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  INGEST_RATE_LIMIT_PER_SECOND = 50;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  INGEST_RATE_LIMIT_BURST = 200;

  /** Defaults to false in production, true elsewhere (local receivers in development and tests). */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_URLS?: boolean;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600_000)
  WEBHOOK_RETRY_BASE_MS = 5_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8)
  WEBHOOK_MAX_ATTEMPTS = 8;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 15_000;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  WEBHOOK_RATE_PER_SECOND = 30;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(60_000)
  WEBHOOK_RELAY_INTERVAL_MS = 500;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  WEBHOOK_SECRET_OVERLAP_HOURS = 24;

  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be a Twilio Account SID (AC followed by 32 hex digits)' })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'TWILIO_AUTH_TOKEN must be the account’s auth token (at least 16 characters)' })
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @Matches(/^\+[1-9]\d{7,14}$/, { message: 'TWILIO_FROM_NUMBER must be an E.164 number, e.g. +447700900000' })
  TWILIO_FROM_NUMBER?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  TWILIO_API_URL = 'https://api.twilio.com';

  /** Where Twilio reaches the API (status callbacks, replies); signatures are checked against it. Default: PUBLIC_API_URL. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  TWILIO_WEBHOOK_BASE_URL?: string;

  /** What a client pays per SMS segment, minor units. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  SMS_PRICE_PER_SEGMENT = 5;

  /** What a segment costs us at Twilio, minor units (for the admins' cost vs revenue). */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  TWILIO_COST_PER_SEGMENT = 4;

  /** New-lead texts one number gets per window before the rest wait for one summary text. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  SMS_ALERTS_PER_WINDOW = 5;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  SMS_ALERT_WINDOW_SECONDS = 60;
}

/** Marks a value as secret: it prints as "********" in logs and JSON. */
export class Secret {
  constructor(private readonly value: string) {}
  reveal(): string {
    return this.value;
  }
  toString(): string {
    return '********';
  }
  toJSON(): string {
    return '********';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret(********)';
  }
}

/** The typed configuration, read once at boot. Inject it by class. */
export class AppConfig {
  readonly env!: 'development' | 'test' | 'production';
  readonly port!: number;
  readonly databaseUrl!: Secret;
  readonly databasePoolSize!: number;
  readonly redisUrl!: Secret;
  readonly redisPrefix!: string;
  readonly jwtSecret!: Secret;
  readonly jwtAccessTtlSeconds!: number;
  readonly refreshTokenTtlDays!: number;
  readonly passwordResetTtlMinutes!: number;
  readonly appUrl!: string;
  readonly corsOrigins!: string[];
  /**
   * Express's `trust proxy`: false (use the socket's address), the number of proxies in front of
   * the API (the client is that many hops from the right of X-Forwarded-For), or the proxies'
   * addresses/subnets (the client is the right-most address that is not one of them).
   */
  readonly trustProxy!: false | number | string[];
  readonly smtpUrl!: Secret;
  readonly mailFrom!: string;
  readonly authRateLimit!: { perIp: number; perEmail: number; windowSeconds: number };
  readonly apiRateLimitPerMinute!: number;
  /** Per LeadByte lead URL and per supplier key: the sustained rate (a second) and the burst on top of it. */
  readonly ingestRateLimit!: { perSecond: number; burst: number };
  readonly logLevel!: string;
  readonly metricsToken?: Secret;
  readonly publicApiUrl!: string;
  readonly encryptionKey!: Secret;
  readonly stripe!: { secretKey: Secret; apiUrl: string; webhookSecret: Secret };
  readonly leadbyte!: { apiUrl: string; apiKey: Secret };
  readonly xero!: {
    clientId: string;
    clientSecret: Secret;
    authorizeUrl: string;
    tokenUrl: string;
    connectionsUrl: string;
    apiUrl: string;
  };
  readonly integrations!: { retryBaseMs: number; attempts: number };
  /** Bull: how long a running job's lock lasts without renewal, and how often workers look for jobs whose worker died. */
  readonly queue!: { lockDurationMs: number; stalledIntervalMs: number };
  readonly billing!: {
    vatRateBps: number;
    vatMode: 'added' | 'included';
    topUpMin: number;
    topUpMax: number;
    autoChargeBackoffMinutes: number;
    weeklyInvoiceCron: string;
    timeZone: string;
    weeklyInvoiceDueDays: number;
    xeroSalesAccountCode: string;
    xeroTaxType: string;
    /** Subscription invoices in Xero: their lines' revenue account, and the bank account their payments go to. */
    xeroSubscriptionAccountCode: string;
    xeroBankAccountCode: string;
    /** Our name, address lines and VAT number (null when not registered) as receipts print them. */
    seller: { name: string; address: string[]; vatNumber: string | null };
    /** How often the worker looks for billing work a lost or killed job left undone, and how old it must be. */
    sweepIntervalMs: number;
    sweepGraceMs: number;
  };
  readonly leads!: {
    duplicateWindowDays: number;
    reportWindowDays: number;
    /** How long an accepted ping holds its buyer's reservation for the post. */
    pingTtlSeconds: number;
    /** Returns: the default limit on a client's return rate, the rule that approves returns at once, the resale discount. */
    returns: { rateLimitPercent: number; autoApproveBelowPercent: number; autoApproveReasons: string[]; resaleDiscountPercent: number };
  };
  /**
   * Data protection: days a lead's personal data is kept (an industry may set its own), when the
   * worker's retention job runs (cron, in the billing time zone), and the key of the hashes that
   * recognise a person's repeat request (derived from ENCRYPTION_KEY when not set).
   */
  readonly privacy!: { retentionDays: number; retentionCron: string; hashKey: Secret | null };
  /**
   * The platform subscription's cycle: when the worker's job runs (cron), how many days before the
   * paid time runs out the next invoice is issued, the days after its due date a declined charge is
   * tried again, and the days after the due date an unpaid account is suspended.
   */
  readonly subscriptions!: { cycleCron: string; issueDaysBefore: number; retryDays: number[]; graceDays: number };
  /** Sign-in providers over OpenID Connect ("Continue with Google"), in the order their buttons show. */
  readonly oidcProviders!: OidcProviderConfig[];
  /** How admins sign in: their password alone, or their password and the named provider both. */
  readonly adminSignIn!: { secondProvider: string | null };
  readonly webhooks!: {
    allowPrivateUrls: boolean;
    /** The first retry's delay; the later ones keep the Svix schedule's proportions (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
    retryBaseMs: number;
    maxAttempts: number;
    timeoutMs: number;
    ratePerSecond: number;
    relayIntervalMs: number;
    secretOverlapHours: number;
  };
  /** Twilio: null when not configured (no texts can be sent; adding a number says so). */
  readonly twilio!: { accountSid: string; authToken: Secret; fromNumber: string; apiUrl: string; webhookBaseUrl: string } | null;
  readonly sms!: { pricePerSegment: number; costPerSegment: number; alertsPerWindow: number; windowSeconds: number };
}

export interface OidcProviderConfig {
  /** In URLs and the database: `google`. */
  id: string;
  /** On the button: "Continue with Google". */
  label: string;
  /** Where the discovery document is (`/.well-known/openid-configuration` under it). */
  issuer: string;
  clientId: string;
  clientSecret: Secret;
}

const KNOWN_ISSUERS: Record<string, { issuer: string; label: string }> = {
  google: { issuer: 'https://accounts.google.com', label: 'Google' },
  microsoft: { issuer: 'https://login.microsoftonline.com/common/v2.0', label: 'Microsoft' },
};

/**
 * OIDC_PROVIDERS=google,… and, per provider, OIDC_<ID>_CLIENT_ID, OIDC_<ID>_CLIENT_SECRET,
 * OIDC_<ID>_ISSUER (Google's and Microsoft's are known) and OIDC_<ID>_LABEL.
 */
export function parseOidcProviders(source: NodeJS.ProcessEnv): { providers: OidcProviderConfig[]; problems: string[] } {
  const ids = (source.OIDC_PROVIDERS ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const providers: OidcProviderConfig[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    if (!/^[a-z][a-z0-9]{1,30}$/.test(id)) {
      problems.push(`OIDC_PROVIDERS: "${id}" is not a provider id (letters and digits, starting with a letter)`);
      continue;
    }
    const key = (name: string) => source[`OIDC_${id.toUpperCase()}_${name}`]?.trim() || undefined;
    const issuer = key('ISSUER') ?? KNOWN_ISSUERS[id]?.issuer;
    const clientId = key('CLIENT_ID');
    const clientSecret = key('CLIENT_SECRET');
    const prefix = `OIDC_${id.toUpperCase()}`;
    if (!issuer) problems.push(`${prefix}_ISSUER is required (the provider's issuer URL)`);
    else if (!/^https?:\/\/[^\s]+$/.test(issuer)) problems.push(`${prefix}_ISSUER: must be an http(s) URL`);
    if (!clientId) problems.push(`${prefix}_CLIENT_ID is required`);
    if (!clientSecret) problems.push(`${prefix}_CLIENT_SECRET is required`);
    if (issuer && clientId && clientSecret) {
      const label = key('LABEL') ?? KNOWN_ISSUERS[id]?.label ?? id.charAt(0).toUpperCase() + id.slice(1);
      providers.push({ id, label, issuer: issuer.replace(/\/$/, ''), clientId, clientSecret: new Secret(clientSecret) });
    }
  }
  return { providers, problems };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const REQUIRED_OR_OPTIONAL = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'SMTP_URL',
  'METRICS_TOKEN',
  'ENCRYPTION_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'LEADBYTE_API_URL',
  'LEADBYTE_API_KEY',
  'XERO_CLIENT_ID',
  'XERO_CLIENT_SECRET',
  'WEBHOOK_ALLOW_PRIVATE_URLS',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM_NUMBER',
  'TWILIO_WEBHOOK_BASE_URL',
  'PRIVACY_HASH_KEY',
];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Express takes it, or what is wrong with it. `true` is refused: it would take the
 * left-most X-Forwarded-For entry, which the client writes itself, as its address, so anyone could
 * pick a fresh IP per request and escape the per-IP limits.
 */
export function parseTrustProxy(value: string): { value: false | number | string[] } | { problem: string } {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return { value: false };
  if (text === 'true') {
    return {
      problem:
        'true is not accepted: it trusts every X-Forwarded-For entry, so a client could choose its own IP. Give the number of proxies in front of the API (e.g. 1 behind one load balancer) or their addresses/subnets (e.g. 10.0.0.0/8)',
    };
  }
  if (/^\d+$/.test(text)) return Number(text) <= 10 ? { value: Number(text) } : { problem: 'a hop count must be between 0 and 10' };
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => {
    if (PROXY_NAMES.includes(entry)) return false;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length > 0)
    return {
      problem: `${bad.join(', ')}: not an IP address, a CIDR subnet or one of ${PROXY_NAMES.join(', ')}; give false, a hop count, or a comma-separated list of those`,
    };
  return { value: entries };
}

/** Validates the environment; throws a ConfigError naming every missing or invalid variable. */
export function loadConfig(source: NodeJS.ProcessEnv): AppConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(new EnvSchema())) raw[key] = source[key];
  for (const key of REQUIRED_OR_OPTIONAL) raw[key] = source[key];
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvSchema, defined);
  const errors = validateSync(env, { forbidUnknownValues: false });
  const extra: string[] = [];
  const twilioSet = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM_NUMBER].filter(Boolean).length;
  if (twilioSet > 0 && twilioSet < 3)
    extra.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER go together: set all three for SMS alerts, or none');
  if (env.TOP_UP_MIN >= env.TOP_UP_MAX) extra.push('TOP_UP_MAX: must be greater than TOP_UP_MIN');
  const oidc = parseOidcProviders(source);
  extra.push(...oidc.problems);
  const adminSignIn = (source.ADMIN_SIGN_IN ?? 'password').trim().toLowerCase() || 'password';
  const secondProvider = adminSignIn === 'password' ? null : (/^password\+([a-z0-9]+)$/.exec(adminSignIn)?.[1] ?? '');
  if (secondProvider === '' || (secondProvider && !oidc.providers.some((p) => p.id === secondProvider))) {
    extra.push(`ADMIN_SIGN_IN: "password", or "password+<provider>" with a provider of OIDC_PROVIDERS (got "${adminSignIn}")`);
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if ('problem' in trustProxy) extra.push(`TRUST_PROXY: ${trustProxy.problem}`);
  if (env.ENCRYPTION_KEY && Buffer.from(env.ENCRYPTION_KEY, 'base64').length !== 32) {
    extra.push('ENCRYPTION_KEY: must decode (base64) to exactly 32 bytes (openssl rand -base64 32)');
  }
  if (errors.length > 0 || extra.length > 0) {
    const problems = errors.map((e) => {
      const messages = Object.values(e.constraints ?? {});
      const missing = raw[e.property] === undefined || raw[e.property] === '';
      return missing ? `${e.property} is required (${messages[0] ?? 'missing'})` : `${e.property}: ${messages.join('; ')}`;
    });
    throw new ConfigError([...problems, ...extra]);
  }
  const config: AppConfig = {
    env: env.NODE_ENV,
    port: env.PORT,
    databaseUrl: new Secret(env.DATABASE_URL),
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: new Secret(env.REDIS_URL),
    redisPrefix: env.REDIS_PREFIX,
    jwtSecret: new Secret(env.JWT_SECRET),
    jwtAccessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    passwordResetTtlMinutes: env.PASSWORD_RESET_TTL_MINUTES,
    appUrl: env.APP_URL.replace(/\/$/, ''),
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: 'value' in trustProxy ? trustProxy.value : false,
    smtpUrl: new Secret(env.SMTP_URL),
    mailFrom: env.MAIL_FROM,
    authRateLimit: {
      perIp: env.AUTH_RATE_LIMIT_PER_IP,
      perEmail: env.AUTH_RATE_LIMIT_PER_EMAIL,
      windowSeconds: env.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    },
    apiRateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
    ingestRateLimit: { perSecond: env.INGEST_RATE_LIMIT_PER_SECOND, burst: env.INGEST_RATE_LIMIT_BURST },
    logLevel: env.LOG_LEVEL,
    metricsToken: env.METRICS_TOKEN ? new Secret(env.METRICS_TOKEN) : undefined,
    publicApiUrl: env.PUBLIC_API_URL.replace(/\/$/, ''),
    encryptionKey: new Secret(env.ENCRYPTION_KEY),
    stripe: {
      secretKey: new Secret(env.STRIPE_SECRET_KEY),
      apiUrl: env.STRIPE_API_URL.replace(/\/$/, ''),
      webhookSecret: new Secret(env.STRIPE_WEBHOOK_SECRET),
    },
    leadbyte: { apiUrl: env.LEADBYTE_API_URL.replace(/\/$/, ''), apiKey: new Secret(env.LEADBYTE_API_KEY) },
    xero: {
      clientId: env.XERO_CLIENT_ID,
      clientSecret: new Secret(env.XERO_CLIENT_SECRET),
      authorizeUrl: env.XERO_AUTHORIZE_URL,
      tokenUrl: env.XERO_TOKEN_URL,
      connectionsUrl: env.XERO_CONNECTIONS_URL,
      apiUrl: env.XERO_API_URL.replace(/\/$/, ''),
    },
    integrations: { retryBaseMs: env.INTEGRATION_RETRY_BASE_MS, attempts: env.INTEGRATION_ATTEMPTS },
    queue: { lockDurationMs: env.QUEUE_LOCK_DURATION_MS, stalledIntervalMs: env.QUEUE_STALLED_INTERVAL_MS },
    billing: {
      vatRateBps: env.VAT_RATE_BPS,
      vatMode: env.VAT_MODE,
      topUpMin: env.TOP_UP_MIN,
      topUpMax: env.TOP_UP_MAX,
      autoChargeBackoffMinutes: env.AUTO_CHARGE_BACKOFF_MINUTES,
      weeklyInvoiceCron: env.WEEKLY_INVOICE_CRON,
      timeZone: env.BILLING_TIME_ZONE,
      weeklyInvoiceDueDays: env.WEEKLY_INVOICE_DUE_DAYS,
      xeroSalesAccountCode: env.XERO_SALES_ACCOUNT_CODE,
      xeroTaxType: env.XERO_TAX_TYPE,
      xeroSubscriptionAccountCode: env.XERO_SUBSCRIPTION_ACCOUNT_CODE,
      xeroBankAccountCode: env.XERO_BANK_ACCOUNT_CODE,
      seller: {
        name: env.COMPANY_NAME.trim() || 'LeadFlow',
        address: env.COMPANY_ADDRESS.split(',')
          .map((line) => line.trim())
          .filter(Boolean),
        vatNumber: env.COMPANY_VAT_NUMBER.trim() || null,
      },
      sweepIntervalMs: env.BILLING_SWEEP_INTERVAL_MS,
      sweepGraceMs: env.BILLING_SWEEP_GRACE_MS,
    },
    leads: {
      duplicateWindowDays: env.DUPLICATE_WINDOW_DAYS,
      reportWindowDays: env.REPORT_WINDOW_DAYS,
      pingTtlSeconds: env.PING_TTL_SECONDS,
      returns: {
        rateLimitPercent: env.RETURN_RATE_LIMIT_PERCENT,
        autoApproveBelowPercent: env.RETURN_AUTO_APPROVE_BELOW_PERCENT,
        autoApproveReasons: env.RETURN_AUTO_APPROVE_REASONS.split(',')
          .map((r) => r.trim())
          .filter(Boolean),
        resaleDiscountPercent: env.RESALE_DISCOUNT_PERCENT,
      },
    },
    privacy: {
      retentionDays: env.LEAD_RETENTION_DAYS,
      retentionCron: env.LEAD_RETENTION_CRON.trim(),
      hashKey: env.PRIVACY_HASH_KEY ? new Secret(env.PRIVACY_HASH_KEY) : null,
    },
    subscriptions: {
      cycleCron: env.SUBSCRIPTION_CYCLE_CRON.trim(),
      issueDaysBefore: env.SUBSCRIPTION_ISSUE_DAYS_BEFORE,
      retryDays: env.SUBSCRIPTION_RETRY_DAYS.split(',').map(Number),
      graceDays: env.SUBSCRIPTION_GRACE_DAYS,
    },
    oidcProviders: oidc.providers,
    adminSignIn: { secondProvider: secondProvider || null },
    webhooks: {
      allowPrivateUrls: env.WEBHOOK_ALLOW_PRIVATE_URLS ?? env.NODE_ENV !== 'production',
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      ratePerSecond: env.WEBHOOK_RATE_PER_SECOND,
      relayIntervalMs: env.WEBHOOK_RELAY_INTERVAL_MS,
      secretOverlapHours: env.WEBHOOK_SECRET_OVERLAP_HOURS,
    },
    twilio:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM_NUMBER
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: new Secret(env.TWILIO_AUTH_TOKEN),
            fromNumber: env.TWILIO_FROM_NUMBER,
            apiUrl: env.TWILIO_API_URL.replace(/\/$/, ''),
            webhookBaseUrl: (env.TWILIO_WEBHOOK_BASE_URL ?? env.PUBLIC_API_URL).replace(/\/$/, ''),
          }
        : null,
    sms: {
      pricePerSegment: env.SMS_PRICE_PER_SEGMENT,
      costPerSegment: env.TWILIO_COST_PER_SEGMENT,
      alertsPerWindow: env.SMS_ALERTS_PER_WINDOW,
      windowSeconds: env.SMS_ALERT_WINDOW_SECONDS,
    },
  };
  return Object.freeze(Object.assign(new AppConfig(), config));
}
