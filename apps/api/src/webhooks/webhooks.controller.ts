import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles, AllowApiKey, ClientAccess, OwnerOnly } from '../identity';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { PageQueryDto } from '../core/http/pagination';
import {
  CreateEndpointDto,
  DeliveriesQueryDto,
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryPageDto,
  EndpointDto,
  EndpointPageDto,
  EndpointWithSecretDto,
  EventTypeDto,
  FailingEndpointPageDto,
  ReplayedDto,
  ReplayFailedDto,
  UpdateEndpointDto,
} from './dto/webhooks.dto';
import { EVENT_CATALOG } from './event-catalog';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const NoEndpoint = () => ApiResponse({ status: 404, description: 'No such endpoint (or not yours)', type: ErrorResponseDto });
const NoDelivery = () => ApiResponse({ status: 404, description: 'No such delivery (or not yours)', type: ErrorResponseDto });
const BadUrl = () =>
  ApiResponse({ status: 400, description: 'Invalid URL, event types, or a private address in production', type: ErrorResponseDto });
const mine = (user: AuthUser): { clientId: string } => ({ clientId: user.clientId! });

@ApiTags('webhooks')
@ApiBearerAuth()
@AllowApiKey('webhooks:manage')
@Controller('webhooks')
export class WebhookCatalogController {
  @Get('event-types')
  @ApiOperation({
    summary: 'The webhook event types, each with its payload version and schema',
    description: 'Every body is `{ id, type, version, timestamp, clientId, data }` (WebhookEnvelopeDto); `data` follows the named schema.',
  })
  @ApiResponse({ status: 200, type: [EventTypeDto] })
  listEventTypes(): EventTypeDto[] {
    return EVENT_CATALOG.map((e) => ({
      type: e.type,
      version: e.version,
      group: e.group,
      name: e.name,
      category: e.category,
      description: e.description,
      schema: e.data.name,
      subscribable: e.type !== 'webhook.test',
    }));
  }
}

@ApiTags('webhooks')
@ApiBearerAuth()
@ClientAccess()
@AllowApiKey('webhooks:manage')
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get()
  @ApiOperation({ summary: 'Your webhook endpoints' })
  @ApiResponse({ status: 200, type: EndpointPageDto })
  listEndpoints(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<EndpointPageDto> {
    return this.endpoints.list(mine(user), q.page, q.pageSize);
  }

  @Post()
  @ApiOperation({
    summary: 'Add an endpoint',
    description: 'The signing secret is in the answer, once. Verify requests with any Standard Webhooks library.',
  })
  @ApiResponse({ status: 201, type: EndpointWithSecretDto })
  @BadUrl()
  createEndpoint(@CurrentUser() user: AuthUser, @Body() dto: CreateEndpointDto): Promise<EndpointWithSecretDto> {
    return this.endpoints.create(mine(user), user.id, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your endpoints' })
  @ApiResponse({ status: 200, type: EndpointDto })
  @NoEndpoint()
  getEndpoint(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<EndpointDto> {
    return this.endpoints.get(mine(user), id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an endpoint’s URL, description or event types, or switch it off or on' })
  @ApiResponse({ status: 200, type: EndpointDto })
  @BadUrl()
  @NoEndpoint()
  updateEndpoint(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateEndpointDto,
  ): Promise<EndpointDto> {
    return this.endpoints.update(mine(user), user.id, id, dto);
  }

  @Delete(':id')
  @OwnerOnly()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log', description: 'Owners only (and API keys with webhooks:manage).' })
  @ApiResponse({ status: 204 })
  @NoEndpoint()
  deleteEndpoint(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.endpoints.remove(mine(user), user.id, id);
  }

  @Post(':id/rotate-secret')
  @ApiOperation({
    summary: 'Rotate the signing secret',
    description:
      'The new secret is shown once. Until `previousSecretExpiresAt`, requests carry signatures under both the old and the new secret.',
  })
  @ApiResponse({ status: 201, type: EndpointWithSecretDto })
  @NoEndpoint()
  rotateEndpointSecret(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<EndpointWithSecretDto> {
    return this.endpoints.rotateSecret(mine(user), user.id, id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a `webhook.test` event to this endpoint',
    description: 'It is signed, retried and logged like any event; follow it in the delivery log.',
  })
  @ApiResponse({ status: 202, type: DeliveryDto })
  @NoEndpoint()
  sendTestEvent(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DeliveryDto> {
    return this.endpoints.sendTest(mine(user), id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The endpoint’s delivery log, newest first', description: 'Filter by status, event type and time.' })
  @ApiResponse({ status: 200, type: DeliveryPageDto })
  @NoEndpoint()
  listDeliveries(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: DeliveriesQueryDto,
  ): Promise<DeliveryPageDto> {
    return this.endpoints.deliveries(mine(user), id, q);
  }

  @Post(':id/replay-failed')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Replay every failed delivery since a time' })
  @ApiResponse({ status: 202, type: ReplayedDto })
  @NoEndpoint()
  replayFailedDeliveries(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReplayFailedDto,
  ): Promise<ReplayedDto> {
    return this.endpoints.replayFailed(mine(user), id, dto.since);
  }
}

@ApiTags('webhooks')
@ApiBearerAuth()
@ClientAccess()
@AllowApiKey('webhooks:manage')
@Controller('webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One delivery with the body sent and every attempt (headers, status, the answer’s first kilobyte, duration)' })
  @ApiResponse({ status: 200, type: DeliveryDetailDto })
  @NoDelivery()
  getDelivery(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DeliveryDetailDto> {
    return this.endpoints.delivery(mine(user), id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a delivery again', description: 'A new delivery of the same event: same body, same `webhook-id`.' })
  @ApiResponse({ status: 202, type: DeliveryDto })
  @NoDelivery()
  replayDelivery(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DeliveryDto> {
    return this.endpoints.replay(mine(user), id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/webhook-endpoints')
export class AdminWebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get()
  @ApiOperation({ summary: 'Platform endpoints: they receive the events of every client (admins)' })
  @ApiResponse({ status: 200, type: EndpointPageDto })
  listPlatformEndpoints(@Query() q: PageQueryDto): Promise<EndpointPageDto> {
    return this.endpoints.list('platform', q.page, q.pageSize);
  }

  @Get('failing')
  @ApiOperation({ summary: 'Endpoints of any owner that failed deliveries in the last 7 days or were disabled by a 410 (admins)' })
  @ApiResponse({ status: 200, type: FailingEndpointPageDto })
  listFailingEndpoints(@Query() q: PageQueryDto): Promise<FailingEndpointPageDto> {
    return this.endpoints.failing(q.page, q.pageSize);
  }

  @Post()
  @ApiOperation({ summary: 'Add a platform endpoint, e.g. the CMS or the activity-log collector (admins)' })
  @ApiResponse({ status: 201, type: EndpointWithSecretDto })
  @BadUrl()
  createPlatformEndpoint(@CurrentUser() user: AuthUser, @Body() dto: CreateEndpointDto): Promise<EndpointWithSecretDto> {
    return this.endpoints.create('platform', user.id, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Any endpoint (admins)' })
  @ApiResponse({ status: 200, type: EndpointDto })
  @NoEndpoint()
  getAnyEndpoint(@Param('id', ParseUUIDPipe) id: string): Promise<EndpointDto> {
    return this.endpoints.get('any', id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change any endpoint (admins)' })
  @ApiResponse({ status: 200, type: EndpointDto })
  @BadUrl()
  @NoEndpoint()
  updateAnyEndpoint(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateEndpointDto,
  ): Promise<EndpointDto> {
    return this.endpoints.update('any', user.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a platform endpoint (admins)' })
  @ApiResponse({ status: 204 })
  @NoEndpoint()
  deletePlatformEndpoint(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.endpoints.remove('platform', user.id, id);
  }

  @Post(':id/rotate-secret')
  @ApiOperation({ summary: 'Rotate a platform endpoint’s secret (admins)' })
  @ApiResponse({ status: 201, type: EndpointWithSecretDto })
  @NoEndpoint()
  rotatePlatformEndpointSecret(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<EndpointWithSecretDto> {
    return this.endpoints.rotateSecret('platform', user.id, id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a test event to any endpoint (admins)' })
  @ApiResponse({ status: 202, type: DeliveryDto })
  @NoEndpoint()
  sendAnyTestEvent(@Param('id', ParseUUIDPipe) id: string): Promise<DeliveryDto> {
    return this.endpoints.sendTest('any', id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Any endpoint’s delivery log (admins)' })
  @ApiResponse({ status: 200, type: DeliveryPageDto })
  @NoEndpoint()
  listAnyDeliveries(@Param('id', ParseUUIDPipe) id: string, @Query() q: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    return this.endpoints.deliveries('any', id, q);
  }

  @Post(':id/replay-failed')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Replay any endpoint’s failed deliveries since a time (admins)' })
  @ApiResponse({ status: 202, type: ReplayedDto })
  @NoEndpoint()
  replayAnyFailedDeliveries(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReplayFailedDto): Promise<ReplayedDto> {
    return this.endpoints.replayFailed('any', id, dto.since);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/webhook-deliveries')
export class AdminWebhookDeliveriesController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Any delivery with its attempts (admins)' })
  @ApiResponse({ status: 200, type: DeliveryDetailDto })
  @NoDelivery()
  getAnyDelivery(@Param('id', ParseUUIDPipe) id: string): Promise<DeliveryDetailDto> {
    return this.endpoints.delivery('any', id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Replay any delivery (admins)' })
  @ApiResponse({ status: 202, type: DeliveryDto })
  @NoDelivery()
  replayAnyDelivery(@Param('id', ParseUUIDPipe) id: string): Promise<DeliveryDto> {
    return this.endpoints.replay('any', id);
  }
}
