import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseBoolPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { CreateIndustryDto, IndustryDto, UpdateIndustryDto } from './dto/industry.dto';
import { IndustriesService } from './industries.service';

@ApiTags('industries')
@ApiBearerAuth()
@Controller('industries')
export class IndustriesController {
  constructor(private readonly industries: IndustriesService) {}

  @Get()
  @ApiOperation({ summary: 'Industries a client can choose', description: 'Active industries with their lead cost and lead columns.' })
  @ApiResponse({ status: 200, type: [IndustryDto] })
  listIndustries(): Promise<IndustryDto[]> {
    return this.industries.list();
  }
}

const NotFound = () => ApiResponse({ status: 404, description: 'No industry with that id', type: ErrorResponseDto });

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/industries')
export class AdminIndustriesController {
  constructor(private readonly industries: IndustriesService) {}

  @Get()
  @ApiOperation({ summary: 'All industries, archived ones included on request (admins)' })
  @ApiQuery({ name: 'includeArchived', required: false, type: Boolean })
  @ApiResponse({ status: 200, type: [IndustryDto] })
  adminListIndustries(@Query('includeArchived', new ParseBoolPipe({ optional: true })) includeArchived?: boolean): Promise<IndustryDto[]> {
    return this.industries.list(includeArchived ?? true);
  }

  @Post()
  @ApiOperation({ summary: 'Create an industry (admins)' })
  @ApiResponse({ status: 201, type: IndustryDto })
  @ApiResponse({ status: 400, description: 'Invalid input', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The name is taken', type: ErrorResponseDto })
  createIndustry(@Body() dto: CreateIndustryDto): Promise<IndustryDto> {
    return this.industries.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an industry’s name, lead cost or columns (admins)' })
  @ApiResponse({ status: 200, type: IndustryDto })
  @NotFound()
  updateIndustry(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateIndustryDto): Promise<IndustryDto> {
    return this.industries.update(id, dto);
  }

  @Post(':id/archive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Archive an industry: clients keep it, new clients cannot choose it (admins)' })
  @ApiResponse({ status: 200, type: IndustryDto })
  @NotFound()
  archiveIndustry(@Param('id', ParseUUIDPipe) id: string): Promise<IndustryDto> {
    return this.industries.setArchived(id, true);
  }

  @Post(':id/unarchive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Make an archived industry choosable again (admins)' })
  @ApiResponse({ status: 200, type: IndustryDto })
  @NotFound()
  unarchiveIndustry(@Param('id', ParseUUIDPipe) id: string): Promise<IndustryDto> {
    return this.industries.setArchived(id, false);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete an industry no client uses (admins)',
    description: 'An industry in use answers 409: archive it instead.',
  })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiResponse({ status: 409, description: 'In use', type: ErrorResponseDto })
  @NotFound()
  async deleteIndustry(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.industries.remove(id);
  }
}
