export { XeroConnection } from './entities/xero-connection.entity';
export { XeroModule } from './xero.module';
export { XeroNotConnectedError } from './xero.service';
export { XeroRateLimitedError } from './xero.service';
export { XeroService, type XeroInvoiceRef, type XeroLine } from './xero.service';
