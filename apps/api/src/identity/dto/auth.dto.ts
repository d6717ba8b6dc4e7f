import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d).{10,128}$/;
export const PASSWORD_MESSAGE = 'password must be 10–128 characters with at least one letter and one digit';

export class RegisterDto {
  @ApiProperty({ example: 'Ada' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ example: 'Lovelace' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName!: string;

  @ApiProperty({ example: 'ada@example.co.uk' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: '+44 7700 900123' })
  @Transform(trim)
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{6,19}$/, { message: 'phone must be a phone number (digits, spaces, +, -, brackets)' })
  phone!: string;

  @ApiProperty({ example: 'correct-horse-42', description: '10–128 characters, at least one letter and one digit' })
  @IsString()
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  password!: string;

  @ApiPropertyOptional({ description: 'The token of an admin’s invite link (it may pre-set a non-billable account)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  inviteToken?: string;

  @ApiPropertyOptional({ description: 'The token of a team invite from a client’s owner: the new user joins that client’s account' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  teamInviteToken?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.co.uk' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct-horse-42' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;

  @ApiPropertyOptional({
    description:
      'The token a provider sign-in ("Continue with Google") answered with `link_required` or `password_required`: the password completes it (links the provider, or finishes an admin’s two-step sign-in)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  providerToken?: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'ada@example.co.uk' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token from the reset link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ example: 'another-horse-43', description: '10–128 characters, at least one letter and one digit' })
  @IsString()
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  password!: string;
}

export class ClientSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['onboarding', 'active', 'paused', 'suspended'] }) status!: string;
  @ApiProperty({ enum: ['billable', 'non_billable'] }) billingMode!: string;
  @ApiProperty({ enum: ['business_details', 'lead_preferences', 'card', 'complete'] }) onboardingStep!: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ enum: ['client', 'admin'] }) role!: string;
  @ApiPropertyOptional({ enum: ['owner', 'member'], nullable: true }) clientRole!: string | null;
  @ApiPropertyOptional({ type: ClientSummaryDto, nullable: true }) client!: ClientSummaryDto | null;
}

/**
 * A session's access token. Its refresh token is not in the body: it is set as the httpOnly
 * `leadflow_refresh` cookie, sent only to POST /api/auth/refresh and /api/auth/logout.
 */
export class AuthTokensDto {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer …`' }) accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 }) expiresIn!: number;
  @ApiProperty({ type: MeDto }) user!: MeDto;
}

export class AcceptedDto {
  @ApiProperty({ example: 'If an account exists for that address, a reset link is on its way.' })
  message!: string;
}
