import { Controller, Get, Logger, Query, Redirect } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../core/http/public.decorator';
import { AppConfig } from '../core/config/app-config';
import { XeroConnectError } from './xero.errors';
import { XeroService } from './xero.service';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

@ApiTags('xero')
@Controller('xero')
export class XeroCallbackController {
  private readonly logger = new Logger(XeroCallbackController.name);

  constructor(
    private readonly xero: XeroService,
    private readonly config: AppConfig,
  ) {}

  // Query params are read one by one (not a DTO): Xero adds its own (scope, session_state), and the
  // browser must always land on the admin page, never on a 400.
  @Public()
  @Get('callback')
  @Redirect()
  @ApiOperation({
    summary: "Xero's OAuth2 redirect target",
    description: 'Completes the connection, then redirects the browser to the admin Xero page with `connected=1` or `error=<reason>`.',
  })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'error', required: false, description: 'Set by Xero when the admin declined' })
  @ApiResponse({ status: 302, description: 'Back to the admin Xero page' })
  async xeroCallback(
    @Query('code') code: unknown,
    @Query('state') state: unknown,
    @Query('error') error: unknown,
  ): Promise<{ url: string; statusCode: number }> {
    const page = new URL(`${this.config.appUrl}/admin/xero`);
    const xeroError = text(error);
    if (xeroError) {
      page.searchParams.set('error', /^[a-z_]{1,40}$/.test(xeroError) ? xeroError : 'xero_error');
      return { url: page.toString(), statusCode: 302 };
    }
    try {
      await this.xero.completeConnection(text(code), text(state));
      page.searchParams.set('connected', '1');
    } catch (err) {
      if (!(err instanceof XeroConnectError)) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      else this.logger.warn(`Xero connection failed: ${err.message}`);
      page.searchParams.set('error', err instanceof XeroConnectError ? err.reason : 'unexpected');
    }
    return { url: page.toString(), statusCode: 302 };
  }
}
