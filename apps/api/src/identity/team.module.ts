import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUsersController } from './admin-users.controller';
import { ClientAccessGuard } from './client-access.guard';
import { Client } from '../accounts/entities/client.entity';
import { User } from './entities/user.entity';
import { ActivityModule } from '../activity';
import { TeamInviteLinks } from './team-invite-links';
import { AdminTeamController, ApiKeysController, TeamController } from './team.controller';
import { TeamService } from './team.service';
import { UsersService } from './users.service';

@Module({
  imports: [ActivityModule, TypeOrmModule.forFeature([User, Client])],
  controllers: [AdminUsersController, TeamController, ApiKeysController, AdminTeamController],
  providers: [UsersService, ClientAccessGuard, TeamService, TeamInviteLinks],
  exports: [UsersService],
})
export class ClientsModule {}
