import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AuthTokensDto, PASSWORD_MESSAGE, PASSWORD_RULE, trim } from './auth.dto';

export class SignInProviderDto {
  @ApiProperty({ example: 'google' }) id!: string;
  @ApiProperty({ example: 'Google', description: 'For the button: "Continue with Google"' }) label!: string;
}

export class StartProviderSignInDto {
  @ApiPropertyOptional({ description: 'A page of the app to open once signed in (a path starting with /)', example: '/billing' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^\/(?![/\\])/, { message: 'next must be a path of the app, starting with one /' })
  next?: string;

  @ApiPropertyOptional({ description: 'An admin’s invite link token, carried to a new account' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  inviteToken?: string;

  @ApiPropertyOptional({ description: 'A team invite token: a new account joins that team (the invited email must be the provider’s)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  teamInviteToken?: string;
}

export class AuthorizeUrlDto {
  @ApiProperty({ description: 'Send the browser here (the provider’s sign-in page)' }) authorizeUrl!: string;
}

export class ProviderCallbackDto {
  @ApiProperty({ description: 'The `code` the provider put on the return URL' })
  @IsString()
  @IsNotEmpty({ message: 'code is missing from the return URL' })
  @MaxLength(2048)
  code!: string;

  @ApiProperty({ description: 'The `state` the provider put on the return URL' })
  @IsString()
  @IsNotEmpty({ message: 'state is missing from the return URL' })
  @MaxLength(200)
  state!: string;
}

export const PROVIDER_OUTCOMES = ['signed_in', 'link_required', 'sign_up_required', 'password_required', 'linked'] as const;

/**
 * Where a provider sign-in got to. `signed_in`: `session` is the new session (its refresh token in
 * the cookie, as for a password login). `link_required`: an account has this email; sign in with
 * its password and `token` as `providerToken` to link it. `sign_up_required`: a new person; finish
 * with POST /api/auth/oidc/sign-up. `password_required`: an admin's second step; log in with the
 * password and `token`. `linked`: added to the signed-in account (from account settings).
 */
export class ProviderSignInDto {
  @ApiProperty({ enum: PROVIDER_OUTCOMES }) status!: (typeof PROVIDER_OUTCOMES)[number];
  @ApiProperty({ example: 'google' }) provider!: string;
  @ApiProperty({ example: 'Google' }) providerLabel!: string;
  @ApiPropertyOptional({ type: AuthTokensDto }) session?: AuthTokensDto;
  @ApiPropertyOptional({ description: 'The next step’s one-time token' }) token?: string;
  @ApiPropertyOptional({ description: 'The provider’s verified email' }) email?: string;
  @ApiPropertyOptional({ description: 'From the ID token, to prefill sign-up' }) firstName?: string;
  @ApiPropertyOptional() lastName?: string;
  @ApiPropertyOptional({ description: 'The page to open afterwards, as given when starting' }) next?: string;
}

export class ProviderSignUpDto {
  @ApiProperty({ description: 'The `token` of a `sign_up_required` answer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ example: 'Ada' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'firstName must not be empty' })
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ example: 'Lovelace' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'lastName must not be empty' })
  @MaxLength(100)
  lastName!: string;

  @ApiProperty({ example: '+44 7700 900123' })
  @Transform(trim)
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{6,19}$/, { message: 'phone must be a phone number (digits, spaces, +, -, brackets)' })
  phone!: string;
}

export class SignInMethodDto {
  @ApiProperty({ example: 'google' }) provider!: string;
  @ApiProperty({ example: 'Google' }) label!: string;
  @ApiProperty({ example: 'ada@gmail.com' }) email!: string;
  @ApiProperty({ format: 'date-time' }) linkedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt!: string | null;
}

export class SignInMethodsDto {
  @ApiProperty({ description: 'Whether the account has a password (an account made with Google may not)' }) hasPassword!: boolean;
  @ApiProperty({ type: [SignInMethodDto] }) linked!: SignInMethodDto[];
  @ApiProperty({ type: [SignInProviderDto], description: 'Providers that can be linked' }) available!: SignInProviderDto[];
  @ApiPropertyOptional({
    description: 'A provider this account must keep linked (admins, with ADMIN_SIGN_IN=password+<provider>)',
    nullable: true,
    type: String,
  })
  required!: string | null;
}

export class SetPasswordDto {
  @ApiPropertyOptional({ description: 'Required when the account already has a password' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  currentPassword?: string;

  @ApiProperty({ example: 'correct-horse-42', description: '10–128 characters, at least one letter and one digit' })
  @IsString()
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  newPassword!: string;
}
