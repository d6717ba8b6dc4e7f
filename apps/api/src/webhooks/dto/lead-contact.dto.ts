import { ApiPropertyOptional } from '@nestjs/swagger';

const text = (description: string) => ({ type: String, description });

/**
 * LeadByte's standard fields a lead carried, normalised (`STANDARD_FIELDS` in lead-fields.ts): kept
 * for every lead whatever its industry's columns. A field the lead did not carry is absent.
 */
export class LeadContactDto {
  @ApiPropertyOptional(text('`title`, e.g. Mrs')) title?: string;
  @ApiPropertyOptional(text('`firstname`')) firstname?: string;
  @ApiPropertyOptional(text('`lastname`')) lastname?: string;
  @ApiPropertyOptional(text('`company`')) company?: string;
  @ApiPropertyOptional({ ...text('`email`, trimmed and lower-cased'), format: 'email' }) email?: string;
  @ApiPropertyOptional({ ...text('`phone1`, a UK number in E.164'), example: '+447700900123' }) phone1?: string;
  @ApiPropertyOptional({ ...text('`phone2`, a UK number in E.164'), example: '+442079460000' }) phone2?: string;
  @ApiPropertyOptional(text('`street1`: address line 1')) street1?: string;
  @ApiPropertyOptional(text('`street2`: address line 2')) street2?: string;
  @ApiPropertyOptional(text('`street3`: address line 3')) street3?: string;
  @ApiPropertyOptional(text('`towncity`: town or city')) towncity?: string;
  @ApiPropertyOptional(text('`county`')) county?: string;
  @ApiPropertyOptional({ ...text('`postcode`, formatted'), example: 'M1 1AE' }) postcode?: string;
  @ApiPropertyOptional(text('`country`')) country?: string;
  @ApiPropertyOptional({ ...text('`dob`: date of birth'), format: 'date' }) dob?: string;
}
