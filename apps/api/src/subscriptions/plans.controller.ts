import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { Public } from '../core/http/public.decorator';
import { Roles } from '../identity';
import { CreatePlanDto, PlanDto, UpdatePlanDto } from './dto/plans.dto';
import { PlansService } from './plans.service';

const NotFound = () => ApiResponse({ status: 404, description: 'No such plan', type: ErrorResponseDto });

/** The pricing page's plans (no sign-in). */
@ApiTags('plans')
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The plans on sale: active and public, cheapest first' })
  @ApiResponse({ status: 200, type: [PlanDto] })
  listPublicPlans(): Promise<PlanDto[]> {
    return this.plans.listPublic();
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/plans')
export class AdminPlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @ApiOperation({ summary: 'Every plan, retired ones last (admins)' })
  @ApiResponse({ status: 200, type: [PlanDto] })
  listPlans(): Promise<PlanDto[]> {
    return this.plans.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a plan (admins)' })
  @ApiResponse({ status: 201, type: PlanDto })
  @ApiResponse({ status: 409, description: 'The name is taken', type: ErrorResponseDto })
  createPlan(@Body() dto: CreatePlanDto): Promise<PlanDto> {
    return this.plans.create(dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change or retire a plan (admins)',
    description: 'Seats and billing period are fixed while clients are on the plan (409); the free plan stays free and active.',
  })
  @ApiResponse({ status: 200, type: PlanDto })
  @ApiResponse({ status: 409, description: 'The name is taken, or the change is not allowed for this plan', type: ErrorResponseDto })
  @NotFound()
  updatePlan(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePlanDto): Promise<PlanDto> {
    return this.plans.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a plan no client is on (admins)', description: 'A plan in use answers 409: retire it instead.' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiResponse({ status: 409, description: 'In use, or the free plan', type: ErrorResponseDto })
  @NotFound()
  async deletePlan(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.plans.delete(id);
  }
}
