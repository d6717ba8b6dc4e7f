import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { UserRepository } from './user.repository';
import { AppConfig } from '../core/config/app-config';
import type { AuthUser } from './decorators/current-user.decorator';

export interface AccessTokenClaims {
  sub: string;
  role: string;
  typ: 'access';
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    config: AppConfig,
    private readonly users: UserRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret.reveal(),
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** The user is re-read so a deleted user's or demoted admin's token stops working at once. */
  async validate(claims: AccessTokenClaims): Promise<AuthUser> {
    if (claims.typ !== 'access') throw new UnauthorizedException('Not an access token');
    const user = await this.users.byId(claims.sub);
    if (!user) throw new UnauthorizedException('The account no longer exists');
    return { id: user.id, email: user.email, role: user.role, clientId: user.clientId, clientRole: user.clientRole };
  }
}
